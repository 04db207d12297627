import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  Relation,
} from 'typeorm';
import { EventEntity } from './event.entity';
import { PartnerEntity } from './partner.entity';
import { MemberOrganizationEntity } from './member-organization.entity';

export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled';
export type Locale = 'ja' | 'en';

/**
 * One person's registration for an event. At most one non-cancelled row per
 * (event, lower(email)): a partial unique index written in the migration.
 */
@Entity({ name: 'registrations' })
@Index('registrations_active_email_key', { synchronize: false })
@Index('registrations_waitlist_idx', { synchronize: false })
@Index('registrations_event_created_idx', ['eventId', 'createdAt', 'id'])
@Index('registrations_event_status_created_idx', ['eventId', 'status', 'createdAt', 'id'])
@Check('registrations_status_check', `status IN ('confirmed', 'waitlisted', 'cancelled')`)
@Check('registrations_locale_check', `locale IN ('ja', 'en')`)
@Check(
  'registrations_cancelled_by_check',
  `cancelled_by IS NULL OR cancelled_by IN ('registrant', 'organizer', 'event')`,
)
export class RegistrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'registrations_event_id_fkey' })
  event?: Relation<EventEntity>;

  /** As typed (case kept for display); uniqueness is on lower(email). */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  organization: string;

  @Column({ type: 'text' })
  locale: Locale;

  /** IANA zone the registrant reads times in. */
  @Column({ type: 'text' })
  timezone: string;

  /** The partner whose link brought the registrant (`?via=slug`). */
  @Column({ name: 'via_partner_id', type: 'uuid', nullable: true })
  viaPartnerId: string | null;

  @ManyToOne(() => PartnerEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'via_partner_id', foreignKeyConstraintName: 'registrations_via_partner_id_fkey' })
  via?: Relation<PartnerEntity> | null;

  /** For a members-only event: the member organization the address's domain belongs to. */
  @Column({ name: 'member_organization_id', type: 'uuid', nullable: true })
  memberOrganizationId: string | null;

  @ManyToOne(() => MemberOrganizationEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'member_organization_id', foreignKeyConstraintName: 'registrations_member_organization_id_fkey' })
  memberOrganization?: Relation<MemberOrganizationEntity> | null;

  /** consent.shareWithCohosts: accepted co-hosts' organizers may see this registrant. */
  @Column({ name: 'share_with_cohosts', type: 'boolean', default: false })
  shareWithCohosts: boolean;

  @Column({ type: 'text' })
  status: RegistrationStatus;

  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  /** FIFO key of the waitlist (set when waitlisted). */
  @Column({ name: 'waitlisted_at', type: 'timestamptz', nullable: true })
  waitlistedAt: Date | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancelled_by', type: 'text', nullable: true })
  cancelledBy: 'registrant' | 'organizer' | 'event' | null;

  /** When the registrant first opened their personal join link during the join window. */
  @Column({ name: 'joined_at', type: 'timestamptz', nullable: true })
  joinedAt: Date | null;

  /** Came to the event: set on the first join through the personal link, by hand, or from an attendance report. */
  @Column({ type: 'boolean', default: false })
  attended: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
