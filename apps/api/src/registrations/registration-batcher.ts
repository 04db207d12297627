import { BatchEventState, BatchPlan, decideRegistrationBatch } from '@cohost/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RegistrationCreatedDto } from './dto/register.dto';
import {
  AddressRow,
  BatchRegistrant,
  FAST_WRITE_BATCH,
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

/** A remembered event state older than this is not used (it would only cost a failed try). */
const REMEMBER_MS = 30_000;
const REMEMBER_EVENTS = 1_000;

type Answer = { ok: true; value: RegistrationCreatedDto } | { ok: false; error: unknown };

interface Pending {
  registrant: BatchRegistrant;
  /** The one-by-one path for this item: used alone, and when its batch fails. */
  single: () => Promise<RegistrationCreatedDto>;
  settle: (answer: Answer) => void;
}

/** The event row as this process last wrote or locked it: `version` is that row version's xmin. */
interface KnownEvent {
  version: string;
  state: BatchEventState;
  sequence: number;
  at: number;
}

/** Raised inside the batch transaction to roll it back when the INSERT skipped a row the decision counted on. */
class UnexpectedConflict extends Error {}

export interface BatcherStats {
  /** Batches written in one statement on a remembered, verified event state. */
  fast: number;
  /** Batches written in a transaction that locked the event and looked up live addresses. */
  locked: number;
  /** Registrations written alone (a lone request, or the items of a failed batch). */
  single: number;
}

/**
 * Micro-batching of public registrations, per event and per process.
 *
 * Registrations of one event are serialized by its counter row's lock, held
 * until COMMIT; one transaction per registration bounds an event at one
 * commit per registration. Here, while a batch of an event is being written,
 * the next requests for that event wait in its queue; when the batch commits,
 * everything queued (up to `MAX_BATCH`) goes in the next transaction. No
 * timer: an idle event writes a lone request at once; batches grow only as
 * fast as requests pile up.
 *
 * A batch is written one of two ways (`register-batch-statement.ts`): on the
 * event state this process remembers from its previous batch, in ONE
 * statement that applies only if the event row is still that version (the
 * common case in a burst); otherwise, or if that fails (a duplicate address,
 * the row changed), in a transaction that locks the event row, looks up the
 * live addresses and decides under the lock. Either way the decision is
 * `decideRegistrationBatch` (libs/domain) on the event's current state, in
 * arrival order, and the database's CHECK and unique index stay the
 * backstops, so several api instances (each with its own queues) and the
 * other registering paths (invite-only, one-by-one) interleave safely. If
 * the locked path fails for any reason other than a retried serialization
 * failure or deadlock, its items go one by one through the single path, so
 * one bad item fails only itself.
 */
@Injectable()
export class RegistrationBatcher {
  private readonly logger = new Logger('RegistrationBatcher');
  private readonly queues = new Map<string, Pending[]>();
  private readonly known = new Map<string, KnownEvent>();
  private readonly counts: BatcherStats = { fast: 0, locked: 0, single: 0 };

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

  /** How batches were written since the process started (observability, tests). */
  stats(): BatcherStats {
    return { ...this.counts };
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
    const fast = await this.tryFast(eventId, batch);
    if (fast) return settleAll(batch, fast);
    if (batch.length === 1) return this.one(batch[0]);
    let answers: Answer[];
    try {
      answers = await withRetry(() =>
        this.dataSource.transaction((manager) => this.inTransaction(manager, eventId, batch)),
      );
    } catch (error) {
      this.known.delete(eventId);
      this.logger.warn(
        `batch of ${batch.length} registrations failed (${error instanceof Error ? error.message : String(error)}); ` +
          'writing them one by one',
      );
      for (const item of batch) await this.one(item);
      return;
    }
    this.counts.locked++;
    settleAll(batch, answers);
  }

  /**
   * The one-statement write on the remembered event state, when there is one
   * and the batch has nothing that needs the locked path (an address repeated
   * within the batch, or nobody to write). Undefined when not done: then
   * nothing was written.
   */
  private async tryFast(eventId: string, batch: Pending[]): Promise<Answer[] | undefined> {
    const known = this.known.get(eventId);
    if (!known || Date.now() - known.at > REMEMBER_MS) return undefined;
    this.known.delete(eventId);
    const keys = batch.map((item) => item.registrant.email.toLowerCase());
    if (new Set(keys).size !== keys.length) return undefined;
    const plan = decideRegistrationBatch(known.state, keys, new Set());
    const { writes, writeIndex } = plannedWrites(plan, batch);
    if (writes.length === 0) return undefined;
    let rows: WrittenRow[];
    try {
      rows = (await this.dataSource.query(FAST_WRITE_BATCH, [
        ...writeBatchParameters(eventId, known.sequence, writes),
        known.version,
        plan.confirmed,
        plan.waitlisted,
        writes.length,
      ])) as WrittenRow[];
    } catch {
      // A live duplicate (the statement refused on purpose) or anything else: the locked path decides.
      return undefined;
    }
    if (rows.length !== writes.length || rows.some((row) => row.id === null || row.ord === null)) return undefined;
    this.remember(eventId, known.state, known.sequence, rows[0]);
    this.counts.fast++;
    return answersFor(plan, writeIndex, idsOf(rows), known.state.status);
  }

  private async inTransaction(manager: EntityManager, eventId: string, batch: Pending[]): Promise<Answer[]> {
    const [event] = (await manager.query(LOCK_EVENT, [eventId])) as LockedEventRow[];
    if (!event) return batch.map(() => ({ ok: false, error: noPlace(undefined) }));
    const addresses = (await manager.query(LIVE_EMAILS, [
      eventId,
      batch.map((item) => item.registrant.email),
    ])) as AddressRow[];
    const state: BatchEventState = {
      status: event.status,
      capacity: event.capacity,
      confirmedCount: event.confirmed_count,
      waitlistedCount: event.waitlisted_count,
      waitlist: event.waitlist,
    };
    const plan = decideRegistrationBatch(
      state,
      addresses.map((row) => row.key),
      new Set(addresses.filter((row) => row.live).map((row) => row.key)),
    );
    const { writes, writeIndex } = plannedWrites(plan, batch);
    let ids: string[] = [];
    if (writes.length > 0) {
      const rows = (await manager.query(
        WRITE_BATCH,
        writeBatchParameters(eventId, event.sequence, writes),
      )) as WrittenRow[];
      if (rows.length !== writes.length) {
        throw new UnexpectedConflict(`${writes.length - rows.length} registration(s) met a live row the lock missed`);
      }
      ids = idsOf(rows);
      this.remember(eventId, state, event.sequence, rows[0]);
    } else {
      this.remember(eventId, state, event.sequence, event);
    }
    return answersFor(plan, writeIndex, ids, event.status);
  }

  /**
   * Remembered only once the transaction is known to commit would be exact;
   * remembering a version that then rolls back is harmless: no row version
   * will ever have that xmin, so the next fast try simply does not apply.
   */
  private remember(
    eventId: string,
    state: BatchEventState,
    sequence: number,
    row: Pick<WrittenRow, 'version' | 'confirmed_count' | 'waitlisted_count'>,
  ): void {
    if (this.known.size >= REMEMBER_EVENTS) this.known.clear();
    this.known.set(eventId, {
      version: row.version,
      state: { ...state, confirmedCount: row.confirmed_count, waitlistedCount: row.waitlisted_count },
      sequence,
      at: Date.now(),
    });
  }

  private async one(item: Pending): Promise<void> {
    this.counts.single++;
    await item.single().then(
      (value) => item.settle({ ok: true, value }),
      (error: unknown) => item.settle({ ok: false, error }),
    );
  }
}

function plannedWrites(plan: BatchPlan, batch: Pending[]): { writes: PlannedWrite[]; writeIndex: number[] } {
  const writes: PlannedWrite[] = [];
  const writeIndex: number[] = [];
  plan.decisions.forEach((decision, i) => {
    if (decision.outcome === 'confirmed' || decision.outcome === 'waitlisted') {
      writeIndex[i] = writes.length;
      writes.push({ registrant: batch[i].registrant, decision });
    }
  });
  return { writes, writeIndex };
}

/** Registration ids by written item (0-based), from the rows' 1-based `ord`. */
function idsOf(rows: WrittenRow[]): string[] {
  const ids: string[] = [];
  for (const row of rows) if (row.ord !== null && row.id !== null) ids[row.ord - 1] = row.id;
  return ids;
}

function answersFor(plan: BatchPlan, writeIndex: number[], ids: string[], status: string): Answer[] {
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
        return { ok: false, error: noPlace(status) };
    }
  });
}

function settleAll(batch: Pending[], answers: Answer[]): void {
  batch.forEach((item, i) => item.settle(answers[i]));
}
