import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * Whether an `Authorization` header carries `Bearer <token>`. Both sides are
 * hashed first, so the comparison takes the same time whatever the length.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]+)$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

/** The registry's text exposition: `[content type, body]`. */
export async function exposition(registry: Registry): Promise<[string, string]> {
  return [registry.contentType, await registry.metrics()];
}

/**
 * A tiny HTTP listener serving `GET /metrics` from one registry, for a
 * process without HTTP (the worker). With `token`, a request without
 * `Authorization: Bearer <token>` gets 401. Anything else is 404.
 */
export async function startMetricsListener(
  registry: Registry,
  options: { host: string; port: number; token?: string },
): Promise<Server & { port: number }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (options.token && !bearerMatches(request.headers.authorization, options.token)) {
      response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('unauthorized\n');
      return;
    }
    exposition(registry).then(
      ([type, body]) => response.writeHead(200, { 'content-type': type }).end(request.method === 'HEAD' ? '' : body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
}
