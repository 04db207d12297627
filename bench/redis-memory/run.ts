/**
 * Redis memory per 10,000 queued messages (issue 16, "Scaling").
 *
 *   npm run bench:redis-memory
 *
 * Starts a throw-away redis-server of its own (nothing else writes to it, so
 * `INFO memory` differences are this benchmark's alone), then enqueues
 * 10,000 messages the way the worker's relay does (the production
 * `JobQueues.addBulk` with the catalogue's job options, 500 rows per relay
 * pass) and reads `used_memory` before and after, for:
 *
 * - single messages: one `send-notification` job per row (confirmations,
 *   cancellations; every message with `MAIL_BATCH_SIZE=1` or a mail rate limit);
 * - a fan-out: `send-notifications` jobs of `MAIL_BATCH_SIZE` (32) rows each
 *   (a reschedule, a reminder, a cancellation of a big event).
 *
 * The jobs wait (no worker runs), which is the case that matters: Redis holds
 * them until workers catch up. Completed jobs are trimmed (1,000 at most kept
 * for an hour) and failed ones (5,000 at most for a week), so those bounds add
 * a fixed amount on top, measured last.
 */
import { loadConfig } from '@cohost/config';
import { jobIds, sendJobOf } from '@cohost/queue';
import { Redis } from 'ioredis';
import { JobQueues } from '../../apps/worker/src/jobs/job-queues.service';
import { startPrivateRedis } from '../../test/support/private-redis';

const N = Number(process.env.BENCH_N ?? 10_000);
const BATCH = Number(process.env.MAIL_BATCH_SIZE ?? 32);
const RELAY_PASS = 500;
const FIRST_ID = 4_000_000; // row ids of a hub some way into its life: seven digits

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)![1]);
}

async function measure(url: string, label: string, groups: Array<{ jobId: string; ids: string[] }>): Promise<number> {
  const redis = new Redis(url);
  await redis.flushall();
  await redis.config('SET', 'maxmemory-policy', 'noeviction');
  const queues = new JobQueues(loadConfig({ REDIS_URL: url, QUEUE_PREFIX: 'cohost', LOG_LEVEL: 'silent' }));
  // Warm up: the queue's connection, BullMQ's scripts loaded, the queue's meta keys written.
  await queues.addBulk([queues.job('send-notification', { notificationId: '1' }, 'n-warmup')]);
  await queues.queue('mail').remove('n-warmup');
  await new Promise((r) => setTimeout(r, 200));
  const before = await usedMemory(redis);
  for (let i = 0; i < groups.length;) {
    // One relay pass: up to 500 rows.
    const pass: ReturnType<typeof sendJobOf>[] = [];
    let rows = 0;
    while (i < groups.length && rows < RELAY_PASS) {
      pass.push(sendJobOf(groups[i].jobId, groups[i].ids));
      rows += groups[i].ids.length;
      i++;
    }
    await queues.addBulk(
      pass.map((g) =>
        g.name === 'send-notification'
          ? queues.job('send-notification', { notificationId: g.ids[0] }, g.jobId)
          : queues.job('send-notifications', { notificationIds: g.ids }, g.jobId),
      ),
    );
  }
  const after = await usedMemory(redis);
  const waiting = await queues.queue('mail').getWaitingCount();
  const bytes = after - before;
  console.log(
    `${label.padEnd(44)} ${String(waiting).padStart(6)} jobs  ${(bytes / 1024 / 1024).toFixed(2).padStart(6)} MiB  ` +
      `(${Math.round(bytes / N)} bytes per message, ${Math.round(bytes / waiting)} per job)`,
  );
  await queues.onModuleDestroy();
  redis.disconnect();
  return bytes;
}

async function main(): Promise<void> {
  const redis = await startPrivateRedis();
  try {
    const ids = Array.from({ length: N }, (_, i) => String(FIRST_ID + i));
    console.log(`Redis memory (INFO used_memory, after minus before) for ${N} queued messages, waiting:`);
    await measure(
      redis.url,
      'single messages (send-notification, 1 row)',
      ids.map((id) => ({ jobId: jobIds.notification(id), ids: [id] })),
    );
    const batches: Array<{ jobId: string; ids: string[] }> = [];
    for (let i = 0; i < N; i += BATCH) {
      batches.push({ jobId: jobIds.notificationBatch('912345', batches.length), ids: ids.slice(i, i + BATCH) });
    }
    await measure(redis.url, `fan-out (send-notifications, ${BATCH} rows a job)`, batches);
  } finally {
    await redis.stop();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
