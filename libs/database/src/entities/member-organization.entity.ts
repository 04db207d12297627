import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import { EventEntity } from './event.entity';

/** A member organization of the hub (the roster members-only webinars check addresses against). */
@Entity({ name: 'member_organizations' })
@Check('member_organizations_name_check', `name_en IS NOT NULL OR name_ja IS NOT NULL`)
export class MemberOrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn: string | null;

  @Column({ name: 'name_ja', type: 'text', nullable: true })
  nameJa: string | null;

  @OneToMany(() => MemberOrganizationDomainEntity, (domain) => domain.organization)
  domains?: Relation<MemberOrganizationDomainEntity[]>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** An email domain of a member organization (its subdomains belong to it too); one organization per domain. */
@Entity({ name: 'member_organization_domains' })
export class MemberOrganizationDomainEntity {
  /** Lower case, punycode (as addresses are stored). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'member_organization_domains_pkey' })
  domain: string;

  @Index('member_organization_domains_organization_idx')
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => MemberOrganizationEntity, (organization) => organization.domains, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'member_organization_domains_organization_id_fkey',
  })
  organization?: Relation<MemberOrganizationEntity>;
}

/**
 * Confirmed seats of one member organization at one event: moved by the
 * registration writes in the statement that confirms or cancels, so the
 * per-organization cap holds like capacity does (the CHECK is the backstop).
 */
@Entity({ name: 'event_organization_seats' })
@Check(
  'event_organization_seats_respected',
  `confirmed_count >= 0 AND (seat_limit IS NULL OR confirmed_count <= seat_limit)`,
)
export class EventOrganizationSeatsEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'event_organization_seats_pkey' })
  eventId: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_organization_seats_event_id_fkey' })
  event?: Relation<EventEntity>;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', primaryKeyConstraintName: 'event_organization_seats_pkey' })
  organizationId: string;

  @ManyToOne(() => MemberOrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'event_organization_seats_organization_id_fkey' })
  organization?: Relation<MemberOrganizationEntity>;

  @Column({ name: 'confirmed_count', type: 'integer', default: 0 })
  confirmedCount: number;

  /** The event's cap as of the last move (never below the count: lowering a cap evicts nobody). */
  @Column({ name: 'seat_limit', type: 'integer', nullable: true })
  seatLimit: number | null;
}
