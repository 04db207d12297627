import { AppConfig } from '@cohost/config';
import { bullClient, QUEUES } from '@cohost/queue';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * The api's handles on the worker's queues, for the queue gauges and the
 * dashboard, on one fail-fast connection of their own: a scrape or a
 * dashboard page while Redis is away answers at once instead of waiting.
 */
@Injectable()
export class QueueHandles implements OnApplicationShutdown {
  private queues: Queue[] | null = null;
  private connection: Redis | null = null;

  constructor(private readonly config: AppConfig) {}

  /** Opened on first use (the dashboard's setup, at start). */
  all(): Queue[] {
    if (!this.queues) {
      const connection = bullClient(this.config.redis.url, 'producer');
      this.connection = connection;
      this.queues = Object.values(QUEUES).map((name) => {
        const queue = new Queue(name, { connection, prefix: this.config.redis.queuePrefix });
        queue.on('error', () => undefined); // a scrape or a page reports it
        return queue;
      });
    }
    return this.queues;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all((this.queues ?? []).map((q) => q.close().catch(() => undefined)));
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
