import { isUniqueViolation, withPgClient } from '@cohost/database';
import { decideRegistrationBatch } from '@cohost/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { RegistrationCreatedDto } from './dto/register.dto';
import {
  AddressRow,
  BatchRegistrant,
  LIVE_EMAIL_INDEX,
  LIVE_EMAILS,
  LOCK_EVENT,
  LockedEventRow,
  PlannedWrite,
  WRITE_BATCH,
  writeBatchParameters,
  WrittenRow,
} from './register-batch-statement';
import { noPlace, registrationExists } from './registration-refusals';
import { withRetry } from './transaction-retry';

/** At most this many registrations in one transaction (a bound on the statement's arrays and the lock's hold). */
export const MAX_BATCH = 200;

type Answer = { ok: true; value: RegistrationCreatedDto } | { ok: false; error: unknown };

interface Pending {
  registrant: BatchRegistrant;
  /** The one-by-one path for this item: used alone, and when its batch fails. */
  single: () => Promise<RegistrationCreatedDto>;
  settle: (answer: Answer) => void;
}

/** The optimistic write of a batch met a live registration of one of its addresses (and was rolled back). */
class LiveAddressMet extends Error {}

/**
 * Micro-batching of public registrations, per event and per process.
 *
 * Registrations of one event are serialized by its counter row's lock, held
 * until COMMIT; one transaction per registration bounds an event at one
 * commit per registration. Here, while a batch of an event is being written,
 * the next requests for that event wait in its queue; when the batch commits,
 * everything queued (up to `MAX_BATCH`) goes in the next transaction. No
 * timer: an idle event writes a lone request at once, through the
 * one-statement path; batches grow only as fast as requests pile up.
 *
 * Correctness does not rest on the batching: each batch locks the event row,
 * decides in arrival order under that lock (`decideRegistrationBatch`) and
 * the database's CHECK and unique index stay the backstops, so several api
 * instances (each with its own queues) and the other registering paths
 * (invite-only, one-by-one) interleave safely. A batch is written first
 * without looking up its addresses; one that meets a live registration is
 * rolled back and written again after the look-up (see
 * register-batch-statement.ts). If a batch fails for any other reason than
 * a retried serialization failure or deadlock, its items go one by one
 * through the single path, so one bad item fails only itself.
 */
@Injectable()
export class RegistrationBatcher {
  private readonly logger = new Logger('RegistrationBatcher');
  private readonly queues = new Map<string, Pending[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  submit(
    eventId: string,
    registrant: BatchRegistrant,
    single: () => Promise<RegistrationCreatedDto>,
  ): Promise<RegistrationCreatedDto> {
    return new Promise<RegistrationCreatedDto>((resolve, reject) => {
      const settle = (answer: Answer) => (answer.ok ? resolve(answer.value) : reject(answer.error));
      const queue = this.queues.get(eventId);
      if (queue) {
        queue.push({ registrant, single, settle });
        return;
      }
      const fresh: Pending[] = [{ registrant, single, settle }];
      this.queues.set(eventId, fresh);
      void this.drain(eventId, fresh);
    });
  }

  /** Requests of `eventId` waiting for the batch in flight to finish (observability, tests). */
  waiting(eventId: string): number {
    return this.queues.get(eventId)?.length ?? 0;
  }

  private async drain(eventId: string, queue: Pending[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      await this.write(eventId, batch);
    }
    this.queues.delete(eventId);
  }

  /** Settles every item of `batch`; never throws. */
  private async write(eventId: string, batch: Pending[]): Promise<void> {
    if (batch.length === 1) return one(batch[0]);
    let answers: Answer[];
    try {
      answers = await this.transaction(eventId, batch, 'optimistic').catch((error: unknown) => {
        if (!(error instanceof LiveAddressMet)) throw error;
        return this.transaction(eventId, batch, 'checked');
      });
    } catch (error) {
      this.logger.warn(
        `batch of ${batch.length} registrations failed (${error instanceof Error ? error.message : String(error)}); ` +
          'writing them one by one',
      );
      for (const item of batch) await one(item);
      return;
    }
    batch.forEach((item, i) => item.settle(answers[i]));
  }

  /**
   * One transaction for `batch` on one pooled connection, its statements
   * queued so that `pg` sends each as soon as the server is ready: BEGIN with
   * the lock, the write with its COMMIT (two waits for the event loop instead
   * of four). `optimistic` assumes no address of the batch is live yet
   * (duplicates inside the batch are still decided) and throws
   * `LiveAddressMet` when the unique index proves otherwise; `checked`
   * reads the live addresses first.
   */
  private transaction(eventId: string, batch: Pending[], mode: 'optimistic' | 'checked'): Promise<Answer[]> {
    return withRetry(() =>
      withPgClient(this.dataSource, async (client) => {
        try {
          return await this.inTransaction(client, eventId, batch, mode);
        } catch (error) {
          // A no-op (with a warning) when the COMMIT already ended the transaction.
          await client.query('ROLLBACK');
          if (mode === 'optimistic' && isUniqueViolation(error, LIVE_EMAIL_INDEX)) {
            throw new LiveAddressMet(String(error));
          }
          throw error;
        }
      }),
    );
  }

  private async inTransaction(
    client: PoolClient,
    eventId: string,
    batch: Pending[],
    mode: 'optimistic' | 'checked',
  ): Promise<Answer[]> {
    const emails = batch.map((item) => item.registrant.email);
    const [, locked] = await Promise.all([
      client.query('BEGIN'),
      client.query<LockedEventRow>(LOCK_EVENT, [eventId, emails]),
    ]);
    const [event] = locked.rows;
    if (!event) {
      await client.query('COMMIT');
      return batch.map(() => ({ ok: false, error: noPlace(undefined) }));
    }
    const live =
      mode === 'checked'
        ? (await client.query<AddressRow>(LIVE_EMAILS, [eventId, emails])).rows
            .filter((row) => row.live)
            .map((row) => row.key)
        : [];
    const plan = decideRegistrationBatch(
      {
        status: event.status,
        capacity: event.capacity,
        confirmedCount: event.confirmed_count,
        waitlistedCount: event.waitlisted_count,
        waitlist: event.waitlist,
      },
      event.keys,
      new Set(live),
    );
    const writes: PlannedWrite[] = [];
    const writeIndex: number[] = [];
    plan.decisions.forEach((decision, i) => {
      if (decision.outcome === 'confirmed' || decision.outcome === 'waitlisted') {
        writeIndex[i] = writes.length;
        writes.push({ registrant: batch[i].registrant, decision });
      }
    });
    const ids: string[] = [];
    const written =
      writes.length > 0
        ? client.query<WrittenRow>(WRITE_BATCH, writeBatchParameters(eventId, event.sequence, writes))
        : undefined;
    const [write, commit] = await Promise.allSettled([written, client.query('COMMIT')]);
    if (write.status === 'rejected') throw write.reason;
    if (commit.status === 'rejected') throw commit.reason;
    for (const row of write.value?.rows ?? []) ids[row.ord - 1] = row.id;
    return plan.decisions.map((decision, i): Answer => {
      switch (decision.outcome) {
        case 'confirmed':
          return { ok: true, value: { id: ids[writeIndex[i]], status: 'confirmed' } };
        case 'waitlisted':
          return {
            ok: true,
            value: { id: ids[writeIndex[i]], status: 'waitlisted', waitlistPosition: decision.position },
          };
        case 'duplicate':
          return { ok: false, error: registrationExists() };
        case 'full':
        case 'closed':
          return { ok: false, error: noPlace(event.status) };
      }
    });
  }
}

async function one(item: Pending): Promise<void> {
  await item.single().then(
    (value) => item.settle({ ok: true, value }),
    (error: unknown) => item.settle({ ok: false, error }),
  );
}
