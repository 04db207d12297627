import { pgError } from '@cohost/database';

/** Seconds a client is asked to wait when PostgreSQL (or another dependency) cannot be reached. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs that say the server cannot serve this connection now, not that
 * the statement is wrong: class 08 (connection exception), the server
 * shutting down or starting (57P01-57P03), and too many connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** Socket and DNS failures of node:net, as `pg` passes them on. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Messages `pg` and `pg-pool` throw without a code when a connection dies or
 * cannot be had: "Connection terminated unexpectedly", "Connection terminated
 * due to connection timeout", "timeout exceeded when trying to connect",
 * "Client has encountered a connection error and is not queryable".
 */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated\b|timeout exceeded when trying to connect$|Client has encountered a connection error|Client was closed and is not queryable$)/;

/**
 * Whether an error means the database is unreachable (answer 503 and retry
 * later) rather than that the request or the code is wrong. Looks through
 * TypeORM's `QueryFailedError.driverError`, `cause` and `AggregateError`s
 * (a host name resolving to several addresses fails with one per address).
 * The one classifier of the api's JSON errors and the pages' HTML errors.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const code = pgError(error)?.code;
  if (code !== undefined && UNAVAILABLE_SQLSTATE.test(code)) return true;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_SOCKET_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((next) => next !== error && isDependencyUnavailable(next, depth + 1));
}
