import { PG, pgError } from '@cohost/database';
import { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set<string>([PG.serializationFailure, PG.deadlockDetected]);

/**
 * Runs `work` in a transaction, again (a bounded number of times, with a
 * short jittered pause) when PostgreSQL aborts it for a serialization failure
 * or a deadlock. The locking order of this module makes those rare; should
 * they persist, the last error propagates (a 500 with an error id).
 */
export function inTransactionWithRetry<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return withRetry(() => dataSource.transaction(work));
}

/** `work` (one statement, or a whole transaction) again on 40001/40P01, at most `attempts` times. */
export async function withRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = pgError(error)?.code;
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
