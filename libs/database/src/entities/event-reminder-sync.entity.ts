import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, Relation, UpdateDateColumn } from 'typeorm';
import { EventEntity } from './event.entity';

/** PostgreSQL channel the `events` trigger notifies when an event's reminder schedule must be redone. */
export const REMINDER_CHANNEL = 'cohost_reminders';

/**
 * An event's reminder schedule. A trigger on `events` (migration
 * 1764500000000) bumps `version` on insert and on any change of status,
 * start, reminder offsets or sequence; the worker schedules the delayed jobs
 * of that version, records their ids and sets `synced_version`.
 */
@Entity({ name: 'event_reminder_sync' })
@Index('event_reminder_sync_pending_idx', { synchronize: false })
export class EventReminderSyncEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @OneToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_reminder_sync_event_id_fkey' })
  event?: Relation<EventEntity>;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'synced_version', type: 'integer', default: 0 })
  syncedVersion: number;

  /** The delayed jobs scheduled for `synced_version`, removed when the schedule changes. */
  @Column({ name: 'job_ids', type: 'text', array: true, default: () => `'{}'` })
  jobIds: string[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
