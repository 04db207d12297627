import type { JobsOptions } from 'bullmq';

/**
 * The typed job catalogue: every job cohost queues, its queue and its payload.
 * Producers (the outbox relay, the reminder scheduler) and processors take
 * their types from here. Payloads carry ids only: never a join link, a cancel
 * token, an invitation code or an address; the processor loads what it needs.
 */
export const QUEUES = {
  /** Send jobs (one outbox row, or a batch of a fan-out); rate-limited by the SMTP provider's limit. */
  mail: 'mail',
  /** Delayed jobs that fire an event's reminders. */
  reminders: 'reminders',
  /** Webhook deliveries (one `webhook_messages` row each); retried on the Standard Webhooks schedule. */
  webhooks: 'webhooks',
  /** Repeating housekeeping (BullMQ job schedulers): retention of personal data and of the audit log. */
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  /** Render and send the email of one `notifications` row. */
  'send-notification': { notificationId: string };
  /**
   * Render and send the emails of several `notifications` rows relayed
   * together (a fan-out): one job instead of one per row, each row still with
   * its own ledger entry, outcome and attempts.
   */
  'send-notifications': { notificationIds: string[] };
  /** Fan out one reminder offset of an event, if the schedule it was made for is still current. */
  'fire-reminder': {
    eventId: string;
    /** ISO 8601 duration before the start, e.g. `P1D`. */
    offset: string;
    /** The event's sequence when scheduled. */
    sequence: number;
    /** The reminder schedule version (`event_reminder_sync.version`) it belongs to. */
    version: number;
    /** The instant it was scheduled for (ISO 8601, UTC). */
    fireAt: string;
  };
  /** POST one `webhook_messages` row to its endpoint, signed; the row counts its attempts and next retry. */
  'deliver-webhook': { messageId: string };
  /**
   * Hourly (a job scheduler the worker upserts at start): anonymize the
   * registrants of events that ended `RETENTION_DAYS` ago, and delete audit
   * entries older than `AUDIT_RETENTION_DAYS`. Idempotent; no payload.
   */
  'privacy-sweep': Record<string, never>;
}

export type JobName = keyof JobPayloads;
export type JobPayload<N extends JobName> = JobPayloads[N];

/** Which queue each job goes to: the compiler insists every job has one. */
export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  'send-notification': QUEUES.mail,
  'send-notifications': QUEUES.mail,
  'fire-reminder': QUEUES.reminders,
  'deliver-webhook': QUEUES.webhooks,
  'privacy-sweep': QUEUES.maintenance,
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

export function jobsOfQueue(queue: QueueName): JobName[] {
  return JOB_NAMES.filter((name) => JOB_QUEUE[name] === queue);
}

/** A send job of the relay: one row alone, or rows relayed together; the job name is chosen here, explicitly. */
export type SendJob =
  | { name: 'send-notification'; jobId: string; ids: [string] }
  | { name: 'send-notifications'; jobId: string; ids: string[] };

/**
 * The send job of rows that record `jobId` (the relay re-adds jobs under the
 * id recorded on their rows): named by how many rows it carries, never by its
 * id. Either name sends exactly the rows that record the id, and adding an id
 * BullMQ still holds is a no-op whatever the name.
 */
export function sendJobOf(jobId: string, ids: readonly string[]): SendJob {
  const [first, ...more] = ids;
  return more.length === 0
    ? { name: 'send-notification', jobId, ids: [first] }
    : { name: 'send-notifications', jobId, ids: [first, ...more] };
}

/**
 * Deterministic ids: the same fact enqueued twice is one job while the job
 * exists. BullMQ uses `:` as its key separator and rejects integer-like ids,
 * so ids are prefixed and never contain `:`.
 */
export const jobIds = {
  /**
   * A row sent alone. A row resent after it failed (`resends` > 0) gets a new
   * id per resend: BullMQ keeps the failed job for days, and adding its id
   * again would be ignored, leaving the row pending.
   */
  notification: (notificationId: string, resends = 0) =>
    resends > 0 ? `n-${notificationId}-r${resends}` : `n-${notificationId}`,
  /** The `index`th batch of relay pass `pass` (a database sequence: never reused, even after a rollback). */
  notificationBatch: (pass: string, index: number) => `nb-${pass}-${index}`,
  /** The id of the job scheduler (one, whatever the number of workers) of the privacy sweep. */
  privacySweep: 'privacy-sweep',
  reminder: (eventId: string, offset: string, version: number) =>
    `r-${eventId}-${offset.replace(/[^A-Za-z0-9]/g, '')}-v${version}`,
  /** Round `round` of a webhook message ("send again" starts a new round, so a new job). */
  webhook: (messageId: string, round: number) => `wh-${messageId}-${round}`,
};

/**
 * Completed jobs are kept for an hour (at most 1,000), failed ones for a week
 * (at most 5,000), so Redis stays bounded however many emails go out; the
 * `notifications` table is the lasting record.
 */
export const RETENTION = {
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
} as const;

export interface RetryPolicy {
  attempts: number;
  delayMs: number;
}

export function defaultJobOptions(name: JobName, retry: RetryPolicy = { attempts: 5, delayMs: 30_000 }): JobsOptions {
  if (name === 'send-notification' || name === 'send-notifications') {
    return { attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.delayMs }, ...RETENTION };
  }
  // A delivery's retries (on the webhook schedule) are counted on its row and postponed, not BullMQ attempts;
  // these attempts only cover the worker dying or PostgreSQL being away.
  if (name === 'deliver-webhook') return { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...RETENTION };
  // A reminder fan-out is one INSERT ... SELECT; retry a few times if PostgreSQL was away.
  return { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, ...RETENTION };
}

/** A processor of one job name. */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(data: JobPayload<N>, context: JobContext): Promise<JobResult>;
}

export interface JobContext {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /**
   * Runs the job again in `delayMs` without counting an attempt (BullMQ's
   * `moveToDelayed`): for a dependency that is down rather than a job that
   * failed. Never returns; the handler's result is discarded.
   */
  postpone(delayMs: number): Promise<never>;
}

/** What the job did, kept in BullMQ's (trimmed) return value for operators. */
export type JobResult = { outcome: string; detail?: string };

export class JobCatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobCatalogueError';
  }
}

/**
 * Maps job names to their handlers, refusing a catalogue with a job nobody
 * handles or a job handled twice: the worker must not start and silently
 * leave a queue growing.
 */
export function handlerMap(handlers: readonly JobHandler[]): Map<JobName, JobHandler> {
  const map = new Map<JobName, JobHandler>();
  const problems: string[] = [];
  for (const handler of handlers) {
    if (!JOB_NAMES.includes(handler.jobName)) problems.push(`"${handler.jobName}" is not in the job catalogue`);
    else if (map.has(handler.jobName)) problems.push(`job "${handler.jobName}" has two handlers`);
    else map.set(handler.jobName, handler);
  }
  for (const name of JOB_NAMES) if (!map.has(name)) problems.push(`job "${name}" has no handler`);
  if (problems.length > 0) throw new JobCatalogueError(`Job catalogue is inconsistent: ${problems.join('; ')}`);
  return map;
}
