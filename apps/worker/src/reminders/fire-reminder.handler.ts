import { EventStatus, Outbox } from '@cohost/database';
import { WorkerMetrics } from '@cohost/metrics';
import { JobHandler, JobPayload, JobResult } from '@cohost/queue';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * A reminder's time has come: if the schedule it belongs to is still the
 * event's current one, write one `event.reminder` outbox row per registrant
 * confirmed by the reminder's time, in one statement. The dedupe key (kind,
 * registration, sequence, offset) makes a second run harmless; registrants
 * confirmed after the reminder time get none.
 */
@Injectable()
export class FireReminderHandler implements JobHandler<'fire-reminder'> {
  readonly jobName = 'fire-reminder' as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: WorkerMetrics,
  ) {}

  async handle(data: JobPayload<'fire-reminder'>): Promise<JobResult> {
    return this.dataSource.transaction(async (manager) => {
      // FOR SHARE: a reschedule committing now waits until the fan-out is written, then re-syncs.
      const rows: Array<{ version: number; sequence: number; status: EventStatus }> = await manager.query(
        `SELECT s.version, e.sequence, e.status
           FROM event_reminder_sync s JOIN events e ON e.id = s.event_id
          WHERE s.event_id = $1
          FOR SHARE OF s`,
        [data.eventId],
      );
      const current = rows[0];
      if (!current) return { outcome: 'skipped', detail: 'event deleted' };
      if (current.version !== data.version || current.sequence !== data.sequence) {
        return { outcome: 'stale', detail: `schedule v${data.version}/seq ${data.sequence} superseded` };
      }
      if (current.status !== 'published') return { outcome: 'skipped', detail: `event ${current.status}` };
      this.metrics.reminderFired(data.fireAt);
      const written = await Outbox.forConfirmedRegistrants(manager, 'event.reminder', data.eventId, {
        keySuffix: data.offset,
        confirmedBefore: new Date(data.fireAt),
        data: { offset: data.offset },
      });
      return { outcome: 'fanned-out', detail: `${written} reminder(s) for ${data.offset}` };
    });
  }
}
