import { jobIds, QUEUES } from '@cohost/queue';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueues } from '../jobs/job-queues.service';

const BATCH = 500;

/**
 * Moves committed `webhook_messages` rows into the `webhooks` queue, as the
 * outbox relay does for emails (and woken with it, by the same NOTIFY):
 * rows are claimed with SKIP LOCKED, marked relayed and enqueued in one
 * transaction, so while Redis is down the enqueue fails, the transaction
 * rolls back and the rows wait in PostgreSQL.
 */
@Injectable()
export class WebhookRelay {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: JobQueues,
  ) {}

  /** Relays until no row waits; throws when Redis (or PostgreSQL) fails, leaving the rows for the next wake-up. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string; relay_round: number }> = await manager.query(
        `SELECT id::text, relay_round FROM webhook_messages WHERE relayed_at IS NULL
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      await manager.query(`UPDATE webhook_messages SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      await this.queues.addBulk(rows.map((r) => this.job(r)));
      return rows.length;
    });
  }

  /**
   * What a Redis that lost its data would leave: pending rows relayed long
   * ago whose retry is due. Adding their job again is a no-op while it exists.
   */
  async requeueStale(olderThan = '5 minutes'): Promise<number> {
    const rows: Array<{ id: string; relay_round: number }> = await this.dataSource.query(
      `SELECT id::text, relay_round FROM webhook_messages
        WHERE status = 'pending' AND relayed_at < now() - $2::interval
          AND (next_attempt_at IS NULL OR next_attempt_at < now())
        ORDER BY id LIMIT $1`,
      [BATCH, olderThan],
    );
    if (rows.length === 0) return 0;
    const jobs = rows.map((r) => this.job(r));
    await this.queues.addBulk(jobs);
    await this.queues.retryFailed(
      QUEUES.webhooks,
      jobs.map((j) => j.opts.jobId),
    );
    return rows.length;
  }

  private job(row: { id: string; relay_round: number }) {
    return this.queues.job('deliver-webhook', { messageId: row.id }, jobIds.webhook(row.id, row.relay_round));
  }
}
