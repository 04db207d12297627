import type { EventEntity } from '@cohost/database';
import { Client } from 'pg';
import type { Response } from 'supertest';
import type { RegisterDto } from '../../apps/api/src/registrations/dto/register.dto';
import { RegistrationBatcher } from '../../apps/api/src/registrations/registration-batcher.service';
import { ApiHarness } from './api-harness';
import { until } from './polling';
import { register } from './registrations';

export { until };

/** A connection of its own to the test database (outside the api's pool). */
export async function sideConnection(api: ApiHarness): Promise<Client> {
  const client = new Client({ connectionString: api.config.database.url });
  await client.connect();
  return client;
}

/** Backends of the test database waiting for a lock (a row lock, or another transaction's insert). */
export async function lockWaiters(client: Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0].n;
}

export interface Batched {
  pilot: Response;
  answers: Response[];
}

/**
 * Sends `bodies` so that they are written as ONE batch, in this order: holds
 * the event row's lock from a side connection, sends a pilot registration
 * (written alone, it blocks on the lock), then the others, which queue
 * behind it in the batcher; once all are queued (in the order sent), the
 * lock is released. `afterRelease` runs before the answers are awaited.
 */
export async function registerInOneBatch(
  api: ApiHarness,
  event: Pick<EventEntity, 'id'>,
  bodies: Array<Partial<RegisterDto>>,
  afterRelease?: (side: Client) => Promise<void>,
): Promise<Batched> {
  const batcher = api.app.get(RegistrationBatcher);
  const side = await sideConnection(api);
  try {
    await side.query('BEGIN');
    // The strength the counter UPDATE of a registration takes (it lets inserts' foreign-key checks through).
    await side.query('SELECT 1 FROM events WHERE id = $1 FOR NO KEY UPDATE', [event.id]);
    const pilot = register(api, event).then((res) => res);
    await until(async () => (await lockWaiters(side)) >= 1, 'the pilot to wait for the event lock');
    const answers: Array<Promise<Response>> = [];
    for (const [i, body] of bodies.entries()) {
      answers.push(register(api, event, body).then((res) => res));
      // One at a time into the queue, so the batch's arrival order is the order of `bodies`.
      await until(() => batcher.waiting(event.id) === i + 1, `registration ${i + 1} to queue`);
    }
    await side.query('COMMIT');
    if (afterRelease) await afterRelease(side);
    return { pilot: await pilot, answers: await Promise.all(answers) };
  } finally {
    await side.end();
  }
}
