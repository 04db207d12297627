import { SingleFlight } from '@cohost/common';
import { AppConfig } from '@cohost/config';
import { OUTBOX_CHANNEL, REMINDER_CHANNEL } from '@cohost/database';
import { jobIds, QUEUES, type SendJob, sendJobOf } from '@cohost/queue';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JobQueues } from '../jobs/job-queues.service';
import { ReminderScheduler } from '../reminders/reminder-scheduler.service';
import { WebhookRelay } from '../webhooks/webhook-relay.service';

const BATCH = 500;
const REQUEUE_EVERY_POLLS = 12;

/**
 * Moves committed outbox rows into BullMQ. Woken by NOTIFY (the writers and
 * the events trigger notify inside their transactions, so a wake-up means
 * committed rows) and by a slow poll in case a notification was missed while
 * the listening connection was down.
 *
 * Rows are claimed with FOR UPDATE SKIP LOCKED (several workers share the
 * work), grouped into send jobs, marked relayed with the id of their job and
 * enqueued, all in one transaction: if Redis is down the enqueue fails, the
 * transaction rolls back and the rows wait for the next wake-up.
 *
 * A row relayed alone gets its own job (`n-<row id>`); rows relayed together
 * (a fan-out) go `MAIL_BATCH_SIZE` to a job (`nb-<pass>-<n>`), which saves a
 * Redis round trip and a job's bookkeeping per message. A row may only be
 * sent by the job recorded on it (see `LedgerStatements.claim`): if this
 * process dies after the enqueue but before the commit, the next pass groups
 * the rows anew under new ids, and the orphaned jobs send only what they
 * claimed first, so no row goes out twice.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener: Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly runs = {
    outbox: new SingleFlight((error) => this.problem(`outbox relay failed: ${String(error)}`)),
    reminders: new SingleFlight((error) => this.reminders.reportFailure(error)),
    requeue: new SingleFlight((error) => this.problem(`re-queueing stale rows failed: ${String(error)}`)),
    webhooks: new SingleFlight((error) =>
      this.problem(`webhook relay paused, messages wait in PostgreSQL: ${(error as Error).message}`),
    ),
  };
  private lastProblem = '';
  private polls = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly queues: JobQueues,
    private readonly reminders: ReminderScheduler,
    private readonly webhooks: WebhookRelay,
  ) {}

  onApplicationBootstrap(): void {
    void this.listen();
    this.pollTimer = setInterval(() => {
      this.wakeAll();
      if (++this.polls % REQUEUE_EVERY_POLLS === 0) {
        this.runs.requeue.run(() => this.sweep());
        this.runs.webhooks.run(() => this.webhooks.requeueStale());
      }
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

  /** Wakes the email relay and the webhook relay: both outboxes notify the same channel. */
  wakeOutbox(): void {
    if (this.stopped) return;
    this.runs.outbox.run(() => this.drain());
    this.runs.webhooks.run(() => this.webhooks.drain());
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
      const rows: Array<{ id: string; resends: number }> = await manager.query(
        `SELECT id, resends FROM notifications WHERE relayed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => String(r.id));
      let pass = '';
      if (ids.length > 1 && this.config.worker.mailBatchSize > 1) {
        [{ pass }] = await manager.query(`SELECT nextval('notification_relay_pass_seq')::text AS pass`);
      }
      const resends = new Map(rows.filter((r) => r.resends > 0).map((r) => [String(r.id), r.resends]));
      const groups = relayGroups(ids, this.config.worker.mailBatchSize, pass, resends);
      // Marked before the enqueue, so the window in which a job may start before the commit is one round trip.
      await manager.query(
        `UPDATE notifications n SET relayed_at = now(), relay_job = v.job
           FROM unnest($1::bigint[], $2::text[]) AS v(id, job)
          WHERE n.id = v.id`,
        [groups.flatMap((g) => g.ids), groups.flatMap((g) => g.ids.map(() => g.jobId))],
      );
      await this.queues.addBulk(groups.map(sendJob(this.queues)));
      return ids.length;
    });
  }

  /**
   * Repairs what a Redis that lost its data (a restart without persistence,
   * a failover) would leave: rows relayed but never sent. Each job is added
   * again under the id recorded on its rows, with those of its rows still
   * pending: harmless while the job exists (BullMQ ignores an id it has), and
   * the ledger skips rows that are no longer pending. A job BullMQ gave up on
   * while its rows were still pending is retried.
   */
  async requeueStale(olderThan = `${this.config.worker.outboxRequeueAfterMs} milliseconds`): Promise<number> {
    try {
      const groups: SendJob[] = (
        await this.dataSource.query(
          `SELECT relay_job, array_agg(id::text ORDER BY id) AS ids
             FROM notifications
            WHERE status = 'pending' AND relayed_at < now() - $2::interval
            GROUP BY relay_job, CASE WHEN relay_job IS NULL THEN id END
            ORDER BY min(id) LIMIT $1`,
          [BATCH, olderThan],
        )
      ).map(staleSendJob);
      if (groups.length === 0) return 0;
      await this.queues.addBulk(groups.map(sendJob(this.queues)));
      const retried = await this.queues.retryFailed(
        QUEUES.mail,
        groups.map((g) => g.jobId),
      );
      if (retried > 0) this.logger.warn(`${retried} failed send job(s) with rows still pending retried`);
      const ids = groups.flatMap((g) => g.ids);
      await this.dataSource.query(`UPDATE notifications SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
      return ids.length;
    } catch (error) {
      this.problem(`re-queueing stale rows failed: ${(error as Error).message}`);
      return 0;
    }
  }

  /**
   * What a Redis that lost its data lost: the jobs of rows relayed but not
   * sent (re-added after `OUTBOX_REQUEUE_AFTER_MS`), and the delayed jobs of
   * reminders still due (added again under their ids; existing ones stay).
   */
  private async sweep(): Promise<void> {
    await this.requeueStale();
    await this.reminders
      .readdDue()
      .catch((error: Error) => this.problem(`re-adding reminders failed: ${error.message}`));
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

/**
 * Rows claimed in one pass, in id order, as send jobs: one row alone is a
 * `send-notification` job of its own; more go `batchSize` to a
 * `send-notifications` job named after the pass.
 */
export function relayGroups(
  ids: readonly string[],
  batchSize: number,
  pass: string,
  resends: ReadonlyMap<string, number> = new Map(),
): SendJob[] {
  if (ids.length === 1 || batchSize <= 1) {
    return ids.map((id) => ({
      name: 'send-notification',
      jobId: jobIds.notification(id, resends.get(id) ?? 0),
      ids: [id],
    }));
  }
  const groups: SendJob[] = [];
  for (let i = 0; i < ids.length; i += batchSize) {
    groups.push({
      name: 'send-notifications',
      jobId: jobIds.notificationBatch(pass, groups.length + 1),
      ids: ids.slice(i, i + batchSize),
    });
  }
  return groups;
}

function sendJob(queues: JobQueues) {
  return (group: SendJob) =>
    group.name === 'send-notification'
      ? queues.job('send-notification', { notificationId: group.ids[0] }, group.jobId)
      : queues.job('send-notifications', { notificationIds: group.ids }, group.jobId);
}

/**
 * The job of stale rows: the id recorded on them, or (a row relayed before
 * jobs were recorded, always alone) the id it was relayed under.
 */
export function staleSendJob(group: { relay_job: string | null; ids: string[] }): SendJob {
  return sendJobOf(group.relay_job ?? jobIds.notification(group.ids[0]), group.ids);
}
