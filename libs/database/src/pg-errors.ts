import { QueryFailedError } from 'typeorm';

/** PostgreSQL SQLSTATE codes cohost reacts to. */
export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  invalidTextRepresentation: '22P02',
} as const;

interface PgDriverError {
  code?: string;
  constraint?: string;
}

/** The SQLSTATE of a database error, whether TypeORM wrapped it or not. */
export function pgError(error: unknown): PgDriverError | undefined {
  if (error instanceof QueryFailedError) return error.driverError as PgDriverError;
  if (error && typeof error === 'object' && 'code' in error && typeof (error as PgDriverError).code === 'string') {
    const code = (error as PgDriverError).code!;
    if (/^[0-9A-Z]{5}$/.test(code)) return error as PgDriverError;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgError(error);
  return pg?.code === PG.uniqueViolation && (!constraint || pg.constraint === constraint);
}
