import type { EventFields } from '@cohost/domain';
import { EntityManager } from 'typeorm';
import { EventEntity, RegistrationQuestionRecord } from '../entities/event.entity';

/**
 * The writes of the `events` table, one method per fact (its seat counters
 * excepted: they move with the registration statements). Callers pass the
 * EntityManager of their transaction, the event row locked where the rules
 * read it first. The `events` trigger bumps `event_reminder_sync`.
 */
export const EventsRepository = {
  /** A new draft; the slug's unique violation is the caller's to retry. */
  async insert(manager: EntityManager, event: Partial<EventEntity>): Promise<EventEntity> {
    return manager.save(manager.create(EventEntity, event));
  },

  /** Every editable column of an edit planned by `planEventUpdate` (the sequence with them). */
  async applyEdit(manager: EntityManager, eventId: string, fields: EventFields): Promise<void> {
    await manager.update(EventEntity, { id: eventId }, fields);
  },

  async publish(manager: EntityManager, eventId: string, now: Date): Promise<void> {
    await manager.update(EventEntity, { id: eventId }, { status: 'published', publishedAt: now });
  },

  /** Cancelled for good, with the sequence the CANCEL calendar emails carry. */
  async cancel(
    manager: EntityManager,
    eventId: string,
    cancel: { now: Date; reason: string | null; sequence: number },
  ): Promise<void> {
    await manager.update(
      EventEntity,
      { id: eventId },
      { status: 'cancelled', cancelledAt: cancel.now, cancelReason: cancel.reason, sequence: cancel.sequence },
    );
  },

  async replaceQuestions(manager: EntityManager, eventId: string, questions: RegistrationQuestionRecord[]) {
    await manager.update(EventEntity, { id: eventId }, { questions });
  },

  /** The follow-up was queued; the recording link stays on the event (the "ended" page, the public page). */
  async recordFollowup(
    manager: EntityManager,
    eventId: string,
    followup: { now: Date; recordingUrl: string | null; recordingPublic: boolean },
  ): Promise<void> {
    await manager.update(
      EventEntity,
      { id: eventId },
      { followupSentAt: followup.now, recordingUrl: followup.recordingUrl, recordingPublic: followup.recordingPublic },
    );
  },

  /** A change of what the events show that is not on their row (co-hostings ended): pages and the worker read events by this stamp. */
  async touch(manager: EntityManager, eventIds: readonly string[]): Promise<void> {
    await manager.query(`UPDATE events SET updated_at = now() WHERE id = ANY($1::uuid[])`, [eventIds]);
  },
};
