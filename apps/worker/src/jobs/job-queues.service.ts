import { AppConfig } from '@cohost/config';
import { bullClient, defaultJobOptions, JOB_QUEUE, JobName, JobPayload, QueueName, QUEUES } from '@cohost/queue';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';

export interface TypedJob<N extends JobName> {
  name: N;
  data: JobPayload<N>;
  opts: JobsOptions & { jobId: string };
}

/**
 * The producer side of the job catalogue in the worker (the relay and the
 * reminder scheduler). Its connections fail fast: when Redis is down, an
 * enqueue throws at once, the relay's transaction rolls back and the outbox
 * rows wait, instead of a command hanging while rows stay locked.
 */
@Injectable()
export class JobQueues implements OnModuleDestroy {
  private readonly queues = new Map<QueueName, Queue>();
  /**
   * Closed here, after the queues: BullMQ's own close of a connection it
   * opened fails while Redis is away (QUIT cannot be sent) and leaves the
   * client reconnecting for good.
   */
  private readonly connections: Redis[] = [];

  constructor(private readonly config: AppConfig) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const connection = bullClient(this.config.redis.url, 'producer');
      this.connections.push(connection);
      queue = new Queue(name, {
        connection,
        prefix: this.config.redis.queuePrefix,
      });
      queue.on('error', () => undefined); // reported where the command fails
      this.queues.set(name, queue);
    }
    return queue;
  }

  job<N extends JobName>(name: N, data: JobPayload<N>, jobId: string, opts: JobsOptions = {}): TypedJob<N> {
    return { name, data, opts: { ...this.defaults(name), ...opts, jobId } };
  }

  /** Adds jobs of one queue in one round trip; existing ids are left as they are (BullMQ dedupes). */
  async addBulk<N extends JobName>(jobs: readonly TypedJob<N>[]): Promise<void> {
    if (jobs.length === 0) return;
    const queue = this.queue(JOB_QUEUE[jobs[0].name]);
    if (jobs.some((j) => JOB_QUEUE[j.name] !== queue.name)) throw new Error('addBulk takes jobs of one queue');
    await withTimeout(queue.addBulk(jobs.map((j) => ({ name: j.name, data: j.data, opts: j.opts }))), 5000);
  }

  /**
   * Puts back to waiting, with fresh attempts, those of these jobs that
   * BullMQ gave up on (failed): a job whose worker died too often, or whose
   * every attempt met PostgreSQL away, leaves its rows pending, and adding
   * its id again would be a no-op while the failed job is kept.
   */
  async retryFailed(name: QueueName, ids: readonly string[]): Promise<number> {
    const queue = this.queue(name);
    let retried = 0;
    for (const id of ids) {
      const job = await withTimeout(queue.getJob(id), 5000);
      if (!job || !(await withTimeout(job.isFailed(), 5000))) continue;
      try {
        await withTimeout(job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }), 5000);
        retried++;
      } catch (error) {
        // Another worker's sweep retried it first; anything else is Redis failing, and fails the sweep.
        if (await withTimeout(job.isFailed(), 5000)) throw error;
      }
    }
    return retried;
  }

  defaults(name: JobName): JobsOptions {
    return defaultJobOptions(name, {
      attempts: this.config.worker.mailAttempts,
      delayMs: this.config.worker.mailRetryDelayMs,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

export const ALL_QUEUES = Object.values(QUEUES);

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
