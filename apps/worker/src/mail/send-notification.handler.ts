import { JobContext, JobHandler, JobPayload, JobResult } from '@cohost/queue';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { describeError, NotificationSender, SmtpUnreachableError } from './notification-sender';

/**
 * One row's email. A temporary SMTP error fails the job, which BullMQ retries
 * with exponential backoff; a permanent one (5xx) fails it at once; an
 * unreachable server postpones it without using up an attempt.
 */
@Injectable()
export class SendNotificationHandler implements JobHandler<'send-notification'> {
  readonly jobName = 'send-notification' as const;

  constructor(private readonly sender: NotificationSender) {}

  async handle({ notificationId }: JobPayload<'send-notification'>, job: JobContext): Promise<JobResult> {
    const [result] = await this.sender.send([notificationId], job);
    if (result.status === 'fulfilled') return result.value;
    if (result.reason instanceof SmtpUnreachableError) return job.postpone(this.sender.outage.delay());
    throw result.reason;
  }
}

/**
 * The emails of several rows relayed together (a fan-out), sent at once. The
 * job completes when every row is settled: sent, skipped, or failed for good
 * (a 5xx). If any row met a temporary error, the job fails and BullMQ retries
 * it with backoff; the retry sends only the rows still `pending`, so each row
 * keeps its own attempts, and a row's last attempt marks it `failed`. If the
 * only trouble was an unreachable server, the job is postponed instead and no
 * row loses an attempt.
 */
@Injectable()
export class SendNotificationsHandler implements JobHandler<'send-notifications'> {
  readonly jobName = 'send-notifications' as const;

  constructor(private readonly sender: NotificationSender) {}

  async handle({ notificationIds }: JobPayload<'send-notifications'>, job: JobContext): Promise<JobResult> {
    const results = await this.sender.send(notificationIds, job);
    const tally = new Map<string, number>();
    const temporary: unknown[] = [];
    let unreachable = 0;
    for (const result of results) {
      const outcome =
        result.status === 'fulfilled'
          ? result.value.outcome
          : result.reason instanceof UnrecoverableError
            ? 'failed'
            : result.reason instanceof SmtpUnreachableError
              ? 'unreachable'
              : 'retry';
      if (outcome === 'retry') temporary.push((result as PromiseRejectedResult).reason);
      if (outcome === 'unreachable') unreachable++;
      tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    }
    const detail = [...tally].map(([outcome, n]) => `${outcome} ${n}`).join(', ');
    if (temporary.length > 0) {
      const last = job.attempt >= job.maxAttempts;
      throw new Error(
        `${temporary.length} of ${notificationIds.length} messages ${last ? 'failed' : 'will be retried'} (${detail}); first error: ${describeError(temporary[0])}`,
      );
    }
    if (unreachable > 0) return job.postpone(this.sender.outage.delay());
    return { outcome: 'batch', detail };
  }
}
