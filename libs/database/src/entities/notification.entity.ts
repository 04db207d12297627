import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  Relation,
} from 'typeorm';
import type { NotificationKind } from '@cohost/domain';
import { ConsoleSignInEntity } from './console-sign-in.entity';
import { EventEntity } from './event.entity';

// The kinds are declared once, in the catalogue of libs/domain; re-exported for the entity's readers.
// There is no CHECK on `kind` in the database, so adding a kind needs no migration.
export {
  EVENT_NOTIFICATION_KINDS,
  NOTIFICATION_KINDS,
  type EventNotificationKind,
  type NotificationKind,
} from '@cohost/domain';
export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/**
 * One email to one recipient: the transactional outbox row (written in the
 * transaction of the change, `relayed_at` null until the relay has queued it)
 * and the send ledger (`dedupe_key` unique: kind, registration or invitation,
 * event sequence), checked before sending so a message goes out once.
 */
@Entity({ name: 'notifications' })
@Unique('notifications_dedupe_key', ['dedupeKey'])
@Index('notifications_unrelayed_idx', { synchronize: false })
// An event's messages newest first, a page at a time (the delivery list).
@Index('notifications_event_id_idx', ['eventId', 'id'])
@Check('notifications_status_check', `status IN ('pending', 'sent', 'failed', 'skipped')`)
@Check(
  'notifications_target_check',
  `registration_id IS NOT NULL OR invitation_id IS NOT NULL OR sign_in_id IS NOT NULL OR organizer_id IS NOT NULL OR partner_id IS NOT NULL`,
)
@Check('notifications_event_check', `event_id IS NOT NULL OR sign_in_id IS NOT NULL OR partner_id IS NOT NULL`)
export class NotificationEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  /** null only for sign-in links and partner notices. */
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'notifications_event_id_fkey' })
  event?: Relation<EventEntity>;

  @Column({ name: 'registration_id', type: 'uuid', nullable: true })
  registrationId: string | null;

  @Index('notifications_invitation_idx')
  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  /** The sign-in request of a `console.sign_in` email. */
  @Index('notifications_sign_in_idx')
  @Column({ name: 'sign_in_id', type: 'uuid', nullable: true })
  signInId: string | null;

  @ManyToOne(() => ConsoleSignInEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'sign_in_id', foreignKeyConstraintName: 'notifications_sign_in_id_fkey' })
  signIn?: Relation<ConsoleSignInEntity> | null;

  /** Emails to an organizer (audience `organizer`), e.g. the co-hostings an agreement's end stopped. */
  @Column({ name: 'organizer_id', type: 'uuid', nullable: true })
  organizerId: string | null;

  /** Notices to a partner's contact address (audience `partner-contact`, no event), e.g. a webhook endpoint disabled. */
  @Column({ name: 'partner_id', type: 'uuid', nullable: true })
  partnerId: string | null;

  /** The event's sequence when the change happened. */
  @Column({ name: 'event_sequence', type: 'integer' })
  eventSequence: number;

  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey: string;

  @Column({ type: 'text' })
  recipient: string;

  /** Non-secret facts for rendering (old times of an update, waitlist position, reminder offset). Never a join link. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'smtp_message_id', type: 'text', nullable: true })
  smtpMessageId: string | null;

  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt: Date | null;

  /** The one send job allowed to send this row (`n-<id>` alone, `nb-<pass>-<n>` in a batch); set when relayed. */
  @Column({ name: 'relay_job', type: 'text', nullable: true })
  relayJob: string | null;

  /** How many times the row was put back after it failed (`resendFailed`); part of its send job's id. */
  @Column({ type: 'integer', default: 0 })
  resends: number;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
