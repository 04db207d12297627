import type { Params } from 'nestjs-pino';
import pino, { type Logger, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';
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

/** pino's options for the api and the worker: JSON lines, named, redacted, at the configured level. */
export function loggerOptions(config: AppConfig, name: string): LoggerOptions {
  return {
    name,
    level: config.log.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

/**
 * The one pino logger of a process; Nest's logger (nestjs-pino) and Fastify's
 * both write through it. JSON lines on stdout, or for a person at a terminal
 * (`log.format` pretty) pino-pretty's colored lines, written synchronously
 * so the last lines before an exit are not lost.
 */
export function createRootLogger(config: AppConfig, name: string): Logger {
  const options = loggerOptions(config, name);
  if (config.log.format === 'json') return pino(options);
  return pino(options, pinoPretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
}

/**
 * nestjs-pino writing through `root`, with no HTTP middleware: the api logs
 * its requests through Fastify (see the api's `RequestLog`), which costs no
 * per-request middleware, child logger of pino-http or AsyncLocalStorage
 * scope (the latter slows every promise of the process once used).
 */
export function loggerParams(root: Logger): Params {
  return {
    pinoHttp: { logger: root },
    forRoutes: [],
  };
}
