import { AppConfig, createRootLogger, TrustProxy } from '@cohost/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { useFormBodyParser } from './http/form-body';
import { useJsonBodyParser } from './http/json-body';
import { useCsvBodyParser } from './http/csv-body';
import { API_LOGGER_NAME, RequestLog } from './http/request-log';
import { createValidationPipe } from './http/validation';
import { CONSOLE_ROUTES } from './console/console-paths';
import { registerConsoleUploads } from './console/console-upload';
import { registerMetrics } from './operations/metrics.setup';
import { registerQueueDashboard } from './operations/queue-dashboard.setup';
import { PAGE_ROUTES, registerPagePlugins } from './pages/pages.setup';

export const API_PREFIX = 'api/v1';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's `x-request-id` when it is a sane token, else a new UUID. */
function requestId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Fastify's form of `TRUST_PROXY` (never `true`: see libs/config trust-proxy.ts).
 * Fastify 5.12 treats a number as "trust nothing" (a direct client could
 * otherwise send enough entries to pick its address), so hops are counted by
 * a function: proxy-addr asks about the socket peer (hop 0), then each
 * `X-Forwarded-For` entry from the right, and stops at the first untrusted one.
 * A hop count is only sound when the api cannot be reached but through those
 * proxies; otherwise list their ranges.
 */
export function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

/**
 * Builds the HTTP application exactly as production runs it; `main.ts` and
 * the e2e tests both start from here. The caller decides when to listen.
 */
export async function createApi(config: AppConfig, options: { logs?: boolean } = {}): Promise<NestFastifyApplication> {
  const logs = options.logs !== false;
  const logger = createRootLogger(config, API_LOGGER_NAME);
  const { requestTimeoutMs, keepAliveTimeoutMs } = config.http;
  const adapter = new FastifyAdapter({
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    // A request not received in full within this time gets 408 and its
    // connection is closed (a body that never ends held one open for good).
    // Node checks its connections every `connectionsCheckingInterval` (30 s by
    // default, which would double a 30 s timeout), so check more often.
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    http: {
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(requestTimeoutMs / 4))),
    },
    bodyLimit: 2 * 1024 * 1024,
    requestIdHeader: false,
    genReqId: requestId,
    ...(logs ? { loggerInstance: logger, logController: new RequestLog() } : {}),
  });
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, logger), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  if (logs) app.useLogger(app.get(Logger));
  else app.useLogger(false);
  useJsonBodyParser(app);
  useFormBodyParser(app);
  useCsvBodyParser(app);

  // helmet's headers, its middleware built once: @fastify/helmet rebuilds it
  // (parsing every CSP directive) on each request, a visible cost under load.
  const secureHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      secureHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
    );
  await registerPagePlugins(app);
  await registerConsoleUploads(app);
  registerMetrics(app, config);
  await registerQueueDashboard(app, config);
  app.setGlobalPrefix(API_PREFIX, { exclude: [...PAGE_ROUTES, ...CONSOLE_ROUTES] });
  app.useGlobalPipes(createValidationPipe());
  setUpOpenApi(app);
  return app;
}

function setUpOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('cohost API')
      .setDescription(
        'Partner organizations bound by a memorandum of cooperation co-host webinars; members register and receive ' +
          'invitations with calendar files. Organizer and admin calls carry `Authorization: Bearer <token>`. ' +
          'Errors are `{statusCode, error, message, code}`; any route answers 503 `SERVICE_UNAVAILABLE` with ' +
          '`Retry-After` (seconds) while the database cannot be reached.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
