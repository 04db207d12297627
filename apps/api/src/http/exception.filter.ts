import { DomainError, DomainErrorKind } from '@cohost/domain';
import { PG, pgError } from '@cohost/database';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { ErrorBodyDto } from './error-body';
import { isDependencyUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from './unavailable';
import { ValidationFailedException } from './validation';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'RULE_VIOLATED',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Errors Fastify raises before Nest sees the request (bad JSON, wrong media type...). */
interface FastifyError {
  code: string;
  statusCode: number;
  message: string;
}

function isClientFastifyError(error: unknown): error is FastifyError {
  const e = error as Partial<FastifyError> | null;
  return (
    !!e &&
    typeof e.code === 'string' &&
    e.code.startsWith('FST_') &&
    typeof e.statusCode === 'number' &&
    e.statusCode >= 400 &&
    e.statusCode < 500
  );
}

function body(statusCode: number, message: string | string[], code?: string): ErrorBodyDto {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    code: code ?? CODE_OF_STATUS[statusCode] ?? (statusCode >= 500 ? 'INTERNAL_ERROR' : 'ERROR'),
  };
}

const logger = new Logger('HttpExceptionFilter');

/**
 * The status, JSON body and headers of any error, as the API answers it:
 * domain errors map by kind, database constraint errors to 409/422, an unreachable database
 * (`isDependencyUnavailable`) to 503 with `Retry-After`, anything
 * unexpected to a 500 with an error id (the cause is logged, never sent).
 * A plain function, so the pages map errors to the same statuses and codes.
 * `requestId` goes into the log line of an unexpected error, next to its error id.
 */
export function toBody(
  exception: unknown,
  requestId?: string,
): { payload: ErrorBodyDto; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (exception instanceof DomainError) {
    return { payload: body(STATUS_OF_KIND[exception.kind], exception.message, exception.code), headers };
  }
  if (exception instanceof ValidationFailedException) {
    const payload = body(400, Object.values(exception.fields).flat(), 'VALIDATION_FAILED');
    payload.fields = exception.fields;
    return { payload, headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message: string | string[] = exception.message;
    let code: string | undefined;
    if (typeof response === 'object' && response !== null) {
      const r = response as { message?: string | string[]; code?: string };
      if (r.message) message = r.message;
      code = r.code;
    }
    if (status === 429) {
      const retry = (exception as HttpException & { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retry) headers['Retry-After'] = String(retry);
      message =
        typeof message === 'string' && message !== 'ThrottlerException: Too Many Requests'
          ? message
          : 'Too many requests, please retry later';
    }
    if (status === 503) {
      // A dependency is down. Health checks answer in terminus' format
      // (status, info, error, details), which says which one.
      const details = typeof response === 'object' && response !== null ? response : {};
      headers['Retry-After'] = String(UNAVAILABLE_RETRY_AFTER_SECONDS);
      return { payload: { ...body(503, 'A dependency is unavailable', 'SERVICE_UNAVAILABLE'), ...details }, headers };
    }
    if (status >= 500) return internal(exception, headers, requestId);
    return { payload: body(status, message, code), headers };
  }
  if (isDependencyUnavailable(exception)) {
    // An outage, not a bug: no error id, a warning rather than an error per request.
    logger.warn({ err: exception, reqId: requestId }, 'A dependency is unreachable; answered 503');
    headers['Retry-After'] = String(UNAVAILABLE_RETRY_AFTER_SECONDS);
    return {
      payload: body(503, 'The service is temporarily unavailable, please retry later', 'SERVICE_UNAVAILABLE'),
      headers,
    };
  }
  const pg = pgError(exception);
  if (pg?.code === PG.uniqueViolation) {
    return { payload: body(409, 'This conflicts with an existing record', 'DUPLICATE'), headers };
  }
  if (pg?.code === PG.foreignKeyViolation) {
    return {
      payload: body(422, 'A referenced record does not exist or is still in use', 'REFERENCE_INVALID'),
      headers,
    };
  }
  if (pg?.code === PG.checkViolation) {
    return { payload: body(422, 'The change violates a rule of the data', 'CONSTRAINT_VIOLATED'), headers };
  }
  if (pg?.code === PG.invalidTextRepresentation || pg?.code?.startsWith('22')) {
    return { payload: body(400, 'A value has the wrong format', 'BAD_REQUEST'), headers };
  }
  if (isClientFastifyError(exception)) {
    const message =
      exception.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || exception.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'The request body is not valid JSON'
        : exception.message;
    return { payload: body(exception.statusCode, message), headers };
  }
  if (exception instanceof SyntaxError && /JSON/.test(exception.message)) {
    return { payload: body(400, 'The request body is not valid JSON'), headers };
  }
  return internal(exception, headers, requestId);
}

function internal(exception: unknown, headers: Record<string, string>, requestId: string | undefined) {
  const errorId = randomUUID();
  logger.error({ err: exception, errorId, reqId: requestId }, `Unhandled error ${errorId}`);
  const payload = body(500, `Internal error; quote error id ${errorId} to an operator`, 'INTERNAL_ERROR');
  payload.errorId = errorId;
  return { payload, headers };
}

/** The one place where errors become HTTP answers (see `toBody`). */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { payload, headers } = toBody(exception, reply.request?.id);
    if (reply.sent) return;
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    void reply.status(payload.statusCode).type('application/json; charset=utf-8').send(payload);
  }
}
