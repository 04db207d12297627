import { AppConfig } from '@cohost/config';
import { OUTBOX_CHANNEL, REMINDER_CHANNEL } from '@cohost/database';
import { jobIds } from '@cohost/queue';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { JobQueues } from '../jobs/job-queues.service';
import { ReminderScheduler } from '../reminders/reminder-scheduler.service';

const BATCH = 500;
/** Pending rows relayed longer ago than this are enqueued again (a no-op while their job exists). */
const REQUEUE_AFTER = '5 minutes';
const REQUEUE_EVERY_POLLS = 12;

/**
 * Moves committed outbox rows into BullMQ. Woken by NOTIFY (the writers and
 * the events trigger notify inside their transactions, so a wake-up means
 * committed rows) and by a slow poll in case a notification was missed while
 * the listening connection was down.
 *
 * A batch is claimed with FOR UPDATE SKIP LOCKED (several workers share the
 * work), enqueued with deterministic job ids, then marked relayed, all in one
 * transaction: if Redis is down the enqueue fails, the transaction rolls back
 * and the rows wait for the next wake-up; if this process dies after the
 * enqueue but before the commit, the rows are enqueued again under the same
 * ids (one job while it exists; the send ledger skips a re-run after that).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener: Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly runs = { outbox: new SingleFlight(), reminders: new SingleFlight(), requeue: new SingleFlight() };
  private lastProblem = '';
  private polls = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly queues: JobQueues,
    private readonly reminders: ReminderScheduler,
  ) {}

  onApplicationBootstrap(): void {
    void this.listen();
    this.pollTimer = setInterval(() => {
      this.wakeAll();
      if (++this.polls % REQUEUE_EVERY_POLLS === 0) this.runs.requeue.run(() => this.requeueStale());
    }, this.config.worker.outboxPollMs);
    this.wakeAll();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await Promise.all(Object.values(this.runs).map((r) => r.idle()));
  }

  wakeAll(): void {
    this.wakeOutbox();
    this.wakeReminders();
  }

  wakeOutbox(): void {
    if (!this.stopped) this.runs.outbox.run(() => this.drain());
  }

  wakeReminders(): void {
    if (!this.stopped) this.runs.reminders.run(() => this.reminders.syncPending());
  }

  /** Relays until the outbox is empty (or Redis fails); returns the number of rows relayed. */
  async drain(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const n = await this.relayBatch(BATCH);
        total += n;
        if (n < BATCH || this.stopped) break;
      }
      this.lastProblem = '';
    } catch (error) {
      this.problem(`outbox relay paused, rows wait in PostgreSQL: ${(error as Error).message}`);
    }
    return total;
  }

  async relayBatch(limit: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string }> = await manager.query(
        `SELECT id FROM notifications WHERE relayed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      return this.enqueue(manager, rows);
    });
  }

  /**
   * Repairs what a Redis that lost its data (a restart without persistence,
   * a failover) would leave: rows relayed but never sent. Adding their job
   * again is harmless: BullMQ ignores an id that exists, and the ledger skips
   * a row that is no longer pending.
   */
  async requeueStale(olderThan = REQUEUE_AFTER): Promise<number> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows: Array<{ id: string }> = await manager.query(
          `SELECT id FROM notifications
            WHERE status = 'pending' AND relayed_at < now() - $2::interval
            ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH, olderThan],
        );
        if (rows.length === 0) return 0;
        return this.enqueue(manager, rows);
      });
    } catch (error) {
      this.problem(`re-queueing stale rows failed: ${(error as Error).message}`);
      return 0;
    }
  }

  /**
   * Adds one send job per claimed row (deterministic ids) and marks the rows
   * relayed, inside the caller's transaction: if Redis refuses, the rollback
   * leaves the rows for the next pass.
   */
  private async enqueue(manager: EntityManager, rows: Array<{ id: string }>): Promise<number> {
    await this.queues.addBulk(
      rows.map((r) =>
        this.queues.job('send-notification', { notificationId: String(r.id) }, jobIds.notification(String(r.id))),
      ),
    );
    await manager.query(`UPDATE notifications SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [
      rows.map((r) => r.id),
    ]);
    return rows.length;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.database.url, application_name: 'cohost-relay' });
    const retry = (error?: Error) => {
      if (this.listener !== client || this.stopped) return;
      this.listener = null;
      client.end().catch(() => undefined);
      this.problem(`outbox listener lost (${error?.message ?? 'closed'}); polling until it reconnects`);
      this.reconnectTimer = setTimeout(() => void this.listen(), 1000);
    };
    client.on('error', retry);
    client.on('end', () => retry());
    client.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL) this.wakeOutbox();
      else if (message.channel === REMINDER_CHANNEL) this.wakeReminders();
    });
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      await client.query(`LISTEN ${REMINDER_CHANNEL}`);
      // Anything committed while we were not listening.
      this.wakeAll();
    } catch (error) {
      retry(error as Error);
    }
  }

  private problem(message: string): void {
    if (message !== this.lastProblem) this.logger.warn(message);
    this.lastProblem = message;
  }
}

/** Runs one task at a time; a wake-up during a run schedules exactly one more run. */
class SingleFlight {
  private running: Promise<void> | null = null;
  private again = false;

  run(task: () => Promise<unknown>): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await task().catch(() => undefined);
      } while (this.again);
    })().finally(() => (this.running = null));
  }

  async idle(): Promise<void> {
    await this.running;
  }
}
