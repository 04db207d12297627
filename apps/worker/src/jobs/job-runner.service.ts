import { AppConfig } from '@cohost/config';
import { bullClient, handlerMap, JobHandler, JobName, jobsOfQueue, QueueName, QUEUES } from '@cohost/queue';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Job, Worker, WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';

/** Multi-provider token: every job handler of the worker. */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/**
 * Runs one BullMQ worker per queue and dispatches each job to the one handler
 * of its name. Refuses to start when the catalogue and the handlers disagree.
 * On shutdown (SIGTERM → app.close()) it stops fetching and waits for the
 * active jobs to finish before the database connection closes.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobRunner.name);
  private readonly handlers: Map<JobName, JobHandler>;
  private readonly workers: Worker[] = [];
  /** The connection each worker runs its commands on; a worker closes only the blocking one it opened itself. */
  private readonly connections: Redis[] = [];

  constructor(
    private readonly config: AppConfig,
    @Inject(JOB_HANDLERS) handlers: JobHandler[],
  ) {
    this.handlers = handlerMap(handlers);
  }

  onApplicationBootstrap(): void {
    const { worker } = this.config;
    for (const queue of Object.values(QUEUES)) {
      const connection = bullClient(this.config.redis.url, 'worker');
      this.connections.push(connection);
      const options: WorkerOptions = {
        connection,
        prefix: this.config.redis.queuePrefix,
        // Webhooks one at a time per process: an endpoint gets its messages in the order they were written.
        concurrency: queue === QUEUES.mail ? worker.concurrency : queue === QUEUES.webhooks ? 1 : 2,
        lockDuration: worker.lockMs,
        stalledInterval: worker.lockMs,
        maxStalledCount: 2,
      };
      if (queue === QUEUES.mail && worker.mailRatePerSecond > 0) {
        // Kept in Redis: every worker process on this queue shares the one limit.
        options.limiter = { max: worker.mailRatePerSecond, duration: 1000 };
      }
      const w = new Worker(queue, (job: Job, token?: string) => this.dispatch(queue, job, token), options);
      w.on('error', (error) => this.logger.warn(`queue ${queue}: ${error.message}`));
      w.on('failed', (job, error) => {
        if (job)
          this.logger.warn(`job ${job.id} (${job.name}) failed on attempt ${job.attemptsMade}: ${error.message}`);
      });
      this.workers.push(w);
    }
  }

  private async dispatch(queue: QueueName, job: Job, token: string | undefined) {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler || !jobsOfQueue(queue).includes(handler.jobName)) {
      throw new Error(`No handler for job "${job.name}" on queue ${queue}`);
    }
    return handler.handle(job.data as never, {
      jobId: job.id ?? '',
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      postpone: async (delayMs: number): Promise<never> => {
        await job.moveToDelayed(Date.now() + delayMs, token);
        throw new DelayedError();
      },
    });
  }

  /**
   * Waits for the active jobs, but not forever: a job may outlast the lock
   * (an SMTP server that stopped answering) or wait for an absent Redis to
   * record its end, and a stopping process must still exit. After the lock
   * duration an unfinished job counts as stalled anyway and is taken up again
   * by another worker (the ledger keeps it from sending twice). Dropping the connections fails whatever still waits on
   * Redis, so the workers finish closing; only a job that is still running
   * keeps its worker (and the renewal of its lock) going until it returns.
   */
  async onModuleDestroy(): Promise<void> {
    const { lockMs } = this.config.worker;
    const closed = Promise.all(this.workers.map((w) => w.close())).then(() => true);
    const inTime = await within(closed, lockMs);
    if (!inTime) {
      this.logger.warn(`workers did not stop within ${lockMs} ms; closing their connections`);
      for (const w of this.workers) w.disconnect().catch(() => undefined);
    }
    for (const c of this.connections) c.disconnect();
    if (!inTime && !(await within(closed, 2000))) {
      this.logger.warn('a job is still running; its worker closes when it returns');
    }
  }
}

async function within(done: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}
