import { Injectable, Logger } from '@nestjs/common';
import { RegistrationCreatedDto } from './dto/register.dto';
import { Registrant, RegistrationAnswer, RegistrationWritesRepository } from './registration-writes.repository';

/** At most this many registrations in one transaction (a bound on the statement's arrays and the lock's hold). */
export const MAX_BATCH = 200;

interface Pending {
  registrant: Registrant;
  settle: (answer: RegistrationAnswer) => void;
}

/**
 * Micro-batching of public registrations, per event and per process.
 *
 * Registrations of one event are serialized by its counter row's lock, held
 * until COMMIT; one transaction per registration bounds an event at one
 * commit per registration. Here, while a batch of an event is being written,
 * the next requests for that event wait in its queue; when the batch commits,
 * everything queued (up to `MAX_BATCH`) goes in the next transaction. No
 * timer: an idle event writes a lone request at once, through the
 * one-statement path; batches grow only as fast as requests pile up. The
 * writing itself is `RegistrationWritesRepository`'s (service -> batcher ->
 * writes).
 *
 * Correctness does not rest on the batching: each batch locks the event row,
 * decides in arrival order under that lock (`decideRegistrationBatch`) and
 * the database's CHECK and unique index stay the backstops, so several api
 * instances (each with its own queues) and the other registering paths
 * (invite-only, one-by-one) interleave safely. A batch is written first
 * without looking up its addresses; one that meets a live registration is
 * rolled back and written again after the look-up (see
 * registration-writes.sql.ts). If a batch fails for any other reason than
 * a retried serialization failure or deadlock, its items go one by one
 * through the single path, so one bad item fails only itself.
 */
@Injectable()
export class RegistrationBatcher {
  private readonly logger = new Logger('RegistrationBatcher');
  private readonly queues = new Map<string, Pending[]>();

  constructor(private readonly writes: RegistrationWritesRepository) {}

  submit(eventId: string, registrant: Registrant): Promise<RegistrationCreatedDto> {
    return new Promise<RegistrationCreatedDto>((resolve, reject) => {
      const settle = (answer: RegistrationAnswer) => (answer.ok ? resolve(answer.value) : reject(answer.error));
      const queue = this.queues.get(eventId);
      if (queue) {
        queue.push({ registrant, settle });
        return;
      }
      const fresh: Pending[] = [{ registrant, settle }];
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
    if (batch.length === 1) return this.one(eventId, batch[0]);
    let answers: RegistrationAnswer[];
    try {
      answers = await this.writes.registerBatch(
        eventId,
        batch.map((item) => item.registrant),
      );
    } catch (error) {
      this.logger.warn(
        `batch of ${batch.length} registrations failed (${error instanceof Error ? error.message : String(error)}); ` +
          'writing them one by one',
      );
      for (const item of batch) await this.one(eventId, item);
      return;
    }
    batch.forEach((item, i) => item.settle(answers[i]));
  }

  /** The one-by-one path for an item: used alone, and when its batch failed. */
  private async one(eventId: string, item: Pending): Promise<void> {
    await this.writes.registerOne(eventId, item.registrant).then(
      (value) => item.settle({ ok: true, value }),
      (error: unknown) => item.settle({ ok: false, error }),
    );
  }
}
