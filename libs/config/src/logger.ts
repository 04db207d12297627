import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { AppConfig } from './app-config';

/** Fields never written to logs: secrets and join links. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.joinUrl',
  '*.token',
  '*.password',
];

/** nestjs-pino options shared by the api and the worker: JSON lines, request ids. */
export function loggerParams(config: AppConfig, name: string): Params {
  return {
    pinoHttp: {
      name,
      level: config.log.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // The api sets the id (from x-request-id or a new UUID) before logging.
      genReqId: (req: IncomingMessage) => (req as { id?: string }).id ?? randomUUID(),
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        // Query strings may carry cancel tokens or invitation codes.
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.split('?')[0],
        }),
      },
    },
    // nestjs-pino's default route pattern never matches on Fastify 12.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}
