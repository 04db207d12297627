import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { OutboxBacklog, QueueCounts } from './backlog-metrics';

/**
 * The outbox backlog in one statement on the partial index
 * `notifications_unrelayed_idx (id) WHERE relayed_at IS NULL`: the count, and
 * the oldest row by id (ids grow with time) for its age.
 */
export async function readOutboxBacklog(dataSource: DataSource): Promise<OutboxBacklog> {
  const [row]: Array<{ pending: number; oldest: number | null }> = await dataSource.query(
    `SELECT count(*)::int AS pending,
            extract(epoch FROM now() - (SELECT created_at FROM notifications
                                         WHERE relayed_at IS NULL ORDER BY id LIMIT 1))::float8 AS oldest
       FROM notifications WHERE relayed_at IS NULL`,
  );
  return { pending: row.pending, oldestAgeSeconds: Math.max(0, row.oldest ?? 0) };
}

/** BullMQ's counts of each queue (one round trip per queue). */
export async function readQueueCounts(queues: readonly Queue[]): Promise<Record<string, QueueCounts>> {
  const entries = await Promise.all(
    queues.map(async (queue) => {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      return [
        queue.name,
        { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 },
      ];
    }),
  );
  return Object.fromEntries(entries) as Record<string, QueueCounts>;
}
