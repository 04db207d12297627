import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  Relation,
} from 'typeorm';
import { EventCohostEntity } from './event-cohost.entity';
import { PartnerEntity } from './partner.entity';

export type EventStatus = 'draft' | 'published' | 'cancelled';
export type EventVisibility = 'public' | 'invite_only';

/** A webinar. Times are instants (timestamptz); `timezone` is only for display. */
@Entity({ name: 'events' })
@Unique('events_slug_key', ['slug'])
@Check('events_slug_format', `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('events_title_present', `title_en IS NOT NULL OR title_ja IS NOT NULL`)
@Check('events_time_order', `starts_at < ends_at`)
@Check('events_capacity_positive', `capacity IS NULL OR capacity > 0`)
@Check('events_status_check', `status IN ('draft', 'published', 'cancelled')`)
@Check('events_visibility_check', `visibility IN ('public', 'invite_only')`)
@Check('events_sequence_nonnegative', `sequence >= 0`)
@Check('events_counts_nonnegative', `confirmed_count >= 0 AND waitlisted_count >= 0`)
@Check('events_join_window_range', `join_window_minutes BETWEEN 0 AND 1440`)
@Check('events_capacity_respected', `capacity IS NULL OR confirmed_count <= capacity`)
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Index('events_host_partner_idx')
  @Column({ name: 'host_partner_id', type: 'uuid' })
  hostPartnerId: string;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'host_partner_id', foreignKeyConstraintName: 'events_host_partner_id_fkey' })
  host?: Relation<PartnerEntity>;

  @OneToMany(() => EventCohostEntity, (cohost) => cohost.event)
  cohosts?: Relation<EventCohostEntity[]>;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ name: 'title_ja', type: 'text', nullable: true })
  titleJa: string | null;

  @Column({ name: 'description_en', type: 'text', nullable: true })
  descriptionEn: string | null;

  @Column({ name: 'description_ja', type: 'text', nullable: true })
  descriptionJa: string | null;

  @Index('events_starts_at_idx')
  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** IANA zone the organizers think in; display only. */
  @Column({ type: 'text' })
  timezone: string;

  /** null = unlimited. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ type: 'boolean', default: false })
  waitlist: boolean;

  /** null = open from publication. */
  @Column({ name: 'registration_opens_at', type: 'timestamptz', nullable: true })
  registrationOpensAt: Date | null;

  /** null = closes at `startsAt` (and follows it on reschedule). */
  @Column({ name: 'registration_closes_at', type: 'timestamptz', nullable: true })
  registrationClosesAt: Date | null;

  @Column({ type: 'text', default: 'public' })
  visibility: EventVisibility;

  /** https only; revealed to confirmed registrants (emails) and organizers only. */
  @Column({ name: 'join_url', type: 'text' })
  joinUrl: string;

  /** Minutes before the start from which the personal join link leads to the meeting. */
  @Column({ name: 'join_window_minutes', type: 'integer', default: 15 })
  joinWindowMinutes: number;

  /** https only; shown on the personal links' "ended" page, in follow-ups, and publicly when `recordingPublic`. */
  @Column({ name: 'recording_url', type: 'text', nullable: true })
  recordingUrl: string | null;

  @Column({ name: 'recording_public', type: 'boolean', default: false })
  recordingPublic: boolean;

  /** When the organizers sent the follow-up (once per event). */
  @Column({ name: 'followup_sent_at', type: 'timestamptz', nullable: true })
  followupSentAt: Date | null;

  /** ISO 8601 durations before start, e.g. P1D, PT1H. */
  @Column({ type: 'text', array: true, default: () => `'{P1D,PT1H}'` })
  reminders: string[];

  @Column({ type: 'text', default: 'draft' })
  status: EventStatus;

  /** RFC 5545 SEQUENCE: +1 on every change of time or title (not the join link: emails carry personal links), and on cancellation; never down. */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  /** Seat counter, changed only together with registration rows (see registrations). */
  @Column({ name: 'confirmed_count', type: 'integer', default: 0 })
  confirmedCount: number;

  @Column({ name: 'waitlisted_count', type: 'integer', default: 0 })
  waitlistedCount: number;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'created_by_organizer_id', type: 'uuid', nullable: true })
  createdByOrganizerId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
