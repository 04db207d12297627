import { shareInFlight } from '@cohost/common';
import { Gauge, Registry } from 'prom-client';

export interface OutboxBacklog {
  /** Rows not yet relayed to the queue. */
  pending: number;
  /** Age of the oldest of them in seconds; 0 when there is none. */
  oldestAgeSeconds: number;
}

export type QueueCounts = Record<'waiting' | 'active' | 'delayed' | 'failed', number>;

export interface BacklogSources {
  outbox(): Promise<OutboxBacklog>;
  /** Counts per queue name. */
  queues(): Promise<Record<string, QueueCounts>>;
}

/**
 * Gauges read at scrape time (no timer, no state between scrapes): the
 * outbox backlog in PostgreSQL (one indexed query) and the job counts of
 * each queue in Redis. A source that fails does not fail the scrape: its
 * gauges read NaN (queue series are left out) and
 * `cohost_backlog_source_up{source}` is 0.
 */
export function registerBacklogMetrics(registry: Registry, sources: BacklogSources): void {
  // The gauges of one scrape are collected concurrently: each source is read once for all of them.
  const outbox = shareInFlight(() => sources.outbox().catch(() => null));
  const queues = shareInFlight(() => sources.queues().catch(() => null));
  new Gauge({
    name: 'cohost_backlog_source_up',
    help: 'Whether the source of the backlog gauges answered at this scrape (1) or failed (0), by source',
    labelNames: ['source'],
    registers: [registry],
    // With API_PROCESSES > 1 every process reads the same shared state: the cluster view takes one reading.
    aggregator: 'min',
    async collect() {
      const [o, q] = await Promise.all([outbox(), queues()]);
      this.set({ source: 'outbox' }, o ? 1 : 0);
      this.set({ source: 'queues' }, q ? 1 : 0);
    },
  });
  new Gauge({
    name: 'cohost_outbox_pending',
    help: 'Outbox rows (notifications) not yet relayed to the queue',
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.set((await outbox())?.pending ?? NaN);
    },
  });
  new Gauge({
    name: 'cohost_outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox row not yet relayed, in seconds (0 when there is none)',
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.set((await outbox())?.oldestAgeSeconds ?? NaN);
    },
  });
  new Gauge({
    name: 'cohost_queue_jobs',
    help: 'Jobs per queue and state (waiting, active, delayed, failed), read from Redis at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.reset();
      for (const [queue, counts] of Object.entries((await queues()) ?? {})) {
        for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
      }
    },
  });
}
