import { EventStatus } from '@cohost/database';
import { pendingReminders } from '@cohost/domain';
import { jobIds, QUEUES } from '@cohost/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueues } from '../jobs/job-queues.service';

interface PendingSync {
  event_id: string;
  version: number;
  job_ids: string[];
  status: EventStatus;
  starts_at: Date;
  reminders: string[];
  sequence: number;
}

/**
 * Keeps each event's delayed reminder jobs in line with the event. The
 * `events` trigger bumps `event_reminder_sync.version`; this replaces the
 * jobs of the old version by one delayed job per offset of the new one (none
 * unless the event is published). Job ids carry the version, so a job left
 * behind (e.g. one that was running while its schedule changed) sees that it
 * is stale when it fires and does nothing.
 */
@Injectable()
export class ReminderScheduler {
  private readonly logger = new Logger(ReminderScheduler.name);
  private lastFailure = '';

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: JobQueues,
  ) {}

  /** Syncs every event whose schedule changed; returns how many. Redis down → throws, the rows stay pending. */
  async syncPending(now: () => Date = () => new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.syncBatch(50, now);
      total += n;
      if (n < 50) break;
    }
    if (this.lastFailure) this.logger.log('reminder sync resumed');
    this.lastFailure = '';
    return total;
  }

  /**
   * A failed `syncPending` (the relay's wake-ups run it and hand failures
   * here): warned once per distinct cause until a sync succeeds again, so an
   * outage is visible without a line per wake-up. Nothing is lost meanwhile:
   * the pending versions stay in `event_reminder_sync` for the next run.
   */
  reportFailure(error: unknown): void {
    const cause = error instanceof Error ? error.message : String(error);
    if (cause !== this.lastFailure) {
      this.logger.warn(`reminder sync failed, schedules wait in PostgreSQL until it succeeds: ${cause}`);
    }
    this.lastFailure = cause;
  }

  /**
   * Adds again the delayed job of every reminder still due of every event
   * whose schedule is synced, under the job's deterministic id: a no-op for
   * jobs Redis still has (BullMQ ignores a known id, so a delayed job keeps
   * its time), the repair for a Redis that lost them. Reminders whose time
   * passed are not re-added (the same rule as scheduling). Returns the
   * number of jobs handed to Redis.
   */
  async readdDue(now: () => Date = () => new Date()): Promise<number> {
    const rows: PendingSync[] = await this.dataSource.query(
      `SELECT s.event_id, s.version, s.job_ids, e.status, e.starts_at, e.reminders, e.sequence
         FROM event_reminder_sync s JOIN events e ON e.id = s.event_id
        WHERE s.synced_version = s.version AND e.status = 'published' AND e.starts_at > now()`,
    );
    const at = now();
    const jobs = rows.flatMap((row) => this.reminderJobs(row, at));
    for (let i = 0; i < jobs.length; i += 500) await this.queues.addBulk(jobs.slice(i, i + 500));
    return jobs.length;
  }

  private reminderJobs(row: PendingSync, at: Date) {
    const fires = row.status === 'published' ? pendingReminders(row.starts_at, row.reminders, at) : [];
    return fires.map((fire) =>
      this.queues.job(
        'fire-reminder',
        {
          eventId: row.event_id,
          offset: fire.offset,
          sequence: row.sequence,
          version: row.version,
          fireAt: fire.fireAt.toISOString(),
        },
        jobIds.reminder(row.event_id, fire.offset, row.version),
        { delay: Math.max(0, fire.fireAt.getTime() - at.getTime()) },
      ),
    );
  }

  private async syncBatch(limit: number, now: () => Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingSync[] = await manager.query(
        `SELECT s.event_id, s.version, s.job_ids, e.status, e.starts_at, e.reminders, e.sequence
           FROM event_reminder_sync s JOIN events e ON e.id = s.event_id
          WHERE s.synced_version <> s.version
          ORDER BY s.event_id
          LIMIT $1
          FOR UPDATE OF s SKIP LOCKED`,
        [limit],
      );
      const queue = this.queues.queue(QUEUES.reminders);
      for (const row of rows) {
        await Promise.all(row.job_ids.map((id) => queue.remove(id)));
        const jobs = this.reminderJobs(row, now());
        await this.queues.addBulk(jobs);
        await manager.query(
          `UPDATE event_reminder_sync SET synced_version = $2, job_ids = $3::text[], updated_at = now() WHERE event_id = $1`,
          [row.event_id, row.version, jobs.map((j) => j.opts.jobId)],
        );
        this.logger.debug(`event ${row.event_id}: ${jobs.length} reminder job(s) for schedule v${row.version}`);
      }
      return rows.length;
    });
  }
}
