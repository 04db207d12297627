import { AppConfig } from '@cohost/config';
import { ApiMetrics, bearerMatches, clusterExposition, exposition } from '@cohost/metrics';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { refuse } from './refusal';

export const METRICS_PATH = '/metrics';

/**
 * Times every request (`cohost_http_request_duration_seconds`) in an
 * `onResponse` hook, labelled by the route template (`routeOptions.url`,
 * never the raw URL: ids and tokens would make a series per request), and
 * serves the registry at `/metrics` behind `METRICS_TOKEN`. Without a token
 * `/metrics` is not served at all (404 like any unknown path): the metrics
 * name routes and volumes, not for the public.
 *
 * Cost of the hook: see docs/operations.md ("Cost").
 */
export function registerMetrics(app: NestFastifyApplication, config: AppConfig): void {
  const metrics = app.get(ApiMetrics);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  const token = config.operations.metricsToken;
  if (!token) return;
  // One of API_PROCESSES > 1: the primary aggregates every process's metrics (cluster.ts).
  const read = clusterExposition(metrics.registry) ?? (() => exposition(metrics.registry));
  fastify.get(METRICS_PATH, async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, token)) {
      return refuse(
        reply.header('www-authenticate', 'Bearer'),
        401,
        'UNAUTHORIZED',
        'A valid metrics token is required',
      );
    }
    const [type, body] = await read();
    return reply.header('cache-control', 'no-store').type(type).send(body);
  });
}
