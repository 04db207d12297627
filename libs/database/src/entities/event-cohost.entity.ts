import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { AgreementEntity } from './agreement.entity';
import { EventEntity } from './event.entity';
import { PartnerEntity } from './partner.entity';

/** `ended`: the agreement it was under ended before the event did (history kept, no rights). */
export type CohostStatus = 'pending' | 'accepted' | 'declined' | 'ended';

/** A partner invited to co-host an event; only `accepted` ones are public and may edit. */
@Entity({ name: 'event_cohosts' })
@Check('event_cohosts_status_check', `status IN ('pending', 'accepted', 'declined', 'ended')`)
export class EventCohostEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => EventEntity, (event) => event.cohosts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_cohosts_event_id_fkey' })
  event?: Relation<EventEntity>;

  @Index('event_cohosts_partner_idx')
  @PrimaryColumn({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'event_cohosts_partner_id_fkey' })
  partner?: Relation<PartnerEntity>;

  @Column({ type: 'text', default: 'pending' })
  status: CohostStatus;

  /** The agreement that covered the event when the co-host was invited or accepted. */
  @Column({ name: 'agreement_id', type: 'uuid', nullable: true })
  agreementId: string | null;

  @ManyToOne(() => AgreementEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'event_cohosts_agreement_id_fkey' })
  agreement?: Relation<AgreementEntity> | null;

  @Column({ name: 'invited_at', type: 'timestamptz', default: () => 'now()' })
  invitedAt: Date;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;
}
