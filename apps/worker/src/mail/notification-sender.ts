import { AppConfig } from '@cohost/config';
import { SIGN_IN_KIND } from '@cohost/database';
import { decideDelivery } from '@cohost/domain';
import { WorkerMetrics } from '@cohost/metrics';
import { JobContext, JobResult } from '@cohost/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { LedgerStatements } from './ledger-statements';
import { EventNotification, LoadedNotification, MailContextLoader, PendingNotification } from './mail-context.loader';
import { MAIL_PORT, MailPort } from './mail-port';
import { SendSlots } from './send-slots';
import { SignInMail, SignInPlan } from './sign-in-mail';

/**
 * Sends the emails of `notifications` rows, at most once per row: the row is
 * the send ledger (its `dedupe_key` is unique per kind, target and event
 * sequence), a row that is no longer `pending` is never sent again, and only
 * the job recorded on the row (`relay_job`) may send it, so a job that runs
 * twice, is re-added by the relay or is taken up again after a worker died
 * sends nothing twice. The one window left is a worker killed after the SMTP
 * server accepted the message and before the row is marked: the message is
 * then sent again, under the same Message-ID, so mail clients see one.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly domain: string;
  private readonly slots: SendSlots;

  constructor(
    config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly loader: MailContextLoader,
    private readonly ledger: LedgerStatements,
    @Inject(MAIL_PORT) private readonly mail: MailPort,
    private readonly signIns: SignInMail,
    private readonly metrics: WorkerMetrics,
  ) {
    this.domain = config.mail.from.address.split('@')[1] ?? 'cohost.localhost';
    this.slots = new SendSlots(config.worker.concurrency);
  }

  /**
   * Sends the rows of one job, all at once but within the process's send
   * slots (`WORKER_CONCURRENCY` messages at a time); each row's outcome, or its error: a `PermanentMailError`
   * comes back as an `UnrecoverableError` with the row already `failed`.
   */
  async send(ids: readonly string[], job: JobContext): Promise<Array<PromiseSettledResult<JobResult>>> {
    // Loads asked for in one turn share one statement.
    const loaded = await Promise.all(ids.map((id) => this.loader.load(id)));
    const unclaimed = loaded.filter((l) => l?.notification.status === 'pending' && l.notification.relayJob === null);
    const claimed =
      unclaimed.length > 0
        ? await this.ledger.claim(
            unclaimed.map((l) => l!.notification.id),
            job.jobId,
          )
        : null;
    return Promise.allSettled(
      loaded.map(async (row): Promise<JobResult> => {
        if (!row) return { outcome: 'gone' };
        const { notification } = row;
        if (notification.status !== 'pending') return { outcome: `already-${notification.status}` };
        const mine = notification.relayJob === job.jobId || (claimed?.has(notification.id) ?? false);
        if (!mine) return { outcome: 'other-job', detail: notification.relayJob ?? 'claimed by another job' };
        return this.metrics.countMessage(
          notification.kind,
          this.slots.run(() => this.sendRow(row, job)),
        );
      }),
    );
  }

  /**
   * `<n123.<event id>@sender domain>` (`<n123.sign-in@…>` for sign-in links):
   * the same for every attempt, so a resend is recognisable.
   */
  messageId(notification: Pick<PendingNotification, 'id' | 'eventId'>): string {
    return `<n${notification.id}.${notification.eventId ?? 'sign-in'}@${this.domain}>`;
  }

  /** Whether the row still goes out and, if so, how to deliver it (the event kinds, or the console's sign-in link). */
  private async plan(loaded: LoadedNotification): Promise<SignInPlan> {
    const { notification } = loaded;
    if (notification.kind === SIGN_IN_KIND) return this.signIns.plan(notification);
    const row = notification as EventNotification;
    const subject = await this.loader.subject(loaded);
    if (!subject) return { skip: 'the event or the recipient no longer exists' };
    const decision = decideDelivery({
      kind: row.kind,
      notificationSequence: notification.eventSequence,
      event: subject.event,
      registration: subject.registration,
    });
    if (!decision.send) return { skip: decision.reason };
    return {
      deliver: async (messageId) =>
        this.mail.deliver(await this.loader.context(row, subject, decision, new Date()), messageId),
    };
  }

  private async sendRow(loaded: LoadedNotification, job: JobContext): Promise<JobResult> {
    const { notification } = loaded;
    const plan = await this.plan(loaded);
    if ('skip' in plan) return this.skip(notification, plan.skip);

    try {
      const sent = await plan.deliver(this.messageId(notification));
      // Shares its statement with other jobs' marks and loads of the same turn (one round trip).
      await this.ledger.markSent(notification.id, sent.messageId);
      return { outcome: 'sent', detail: sent.messageId };
    } catch (error) {
      const message = describeError(error);
      const permanent = this.mail.isPermanent(error);
      const last = permanent || job.attempt >= job.maxAttempts;
      await this.record(notification.id, `status = $2, last_error = $3`, [last ? 'failed' : 'pending', message]);
      if (permanent) throw new UnrecoverableError(message);
      this.logger.warn(`notification ${notification.id}: attempt ${job.attempt}/${job.maxAttempts} failed: ${message}`);
      throw error;
    }
  }

  private async skip(notification: PendingNotification, reason: string): Promise<JobResult> {
    await this.dataSource.query(
      `UPDATE notifications SET status = 'skipped', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`,
      [notification.id, reason],
    );
    return { outcome: 'skipped', detail: reason };
  }

  /** Every attempt that reached the transport counts, whatever its outcome. */
  private async record(id: string, set: string, params: unknown[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET ${set}, attempts = attempts + 1, updated_at = now() WHERE id = $1 AND status = 'pending'`,
      [id, ...params],
    );
  }
}

export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 500);
}
