import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export const API_LOGGER_NAME = 'cohost-api';

/**
 * The api's access log, written by Fastify through the root pino logger: one
 * line per request when it completes (Fastify's default adds an "incoming
 * request" line too), with the request id, method and path (never the query
 * string: it may carry a cancel token or an invitation code; nor a join
 * link's token, which is in the path), status and
 * time. 5xx and failures log at error, 4xx at warn, the rest at info.
 */
export class RequestLog extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'reqId' });
  }

  override incomingRequest(): void {}

  /** An error Nest's filters did not answer (Fastify's own handler did): logged without the query string too. */
  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    const level = reply.statusCode >= 500 ? 'error' : 'warn';
    reply.log[level]({ req: summary(request), res: { statusCode: reply.statusCode }, err: error }, error.message);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const level = error || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    reply.log[level](
      {
        req: summary(request),
        res: { statusCode: status },
        responseTime: reply.elapsedTime,
        ...(error ? { err: error } : {}),
      },
      error ? 'request errored' : 'request completed',
    );
  }
}

function summary(request: FastifyRequest): { method: string; url: string } {
  return { method: request.method, url: loggedPath(request.url) };
}

/**
 * The path as logged: without the query string, and a personal join link's
 * token (`/j/<token>`, a secret that leads to the meeting) replaced.
 */
export function loggedPath(url: string): string {
  return url.split('?')[0].replace(/^\/j\/[^/]*/, '/j/[redacted]');
}
