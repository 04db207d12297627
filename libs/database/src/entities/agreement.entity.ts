import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { PartnerEntity } from './partner.entity';

export type AgreementKind = 'MOC' | 'MOU';

/** A memorandum between two partners. Dates are calendar days (`YYYY-MM-DD`). */
@Entity({ name: 'agreements' })
@Check('agreements_kind_check', `kind IN ('MOC', 'MOU')`)
@Check('agreements_distinct_partners', `partner_a_id <> partner_b_id`)
@Check('agreements_expiry_after_start', `expires_on IS NULL OR expires_on > effective_from`)
@Check('agreements_termination_after_start', `terminated_on IS NULL OR terminated_on >= effective_from`)
export class AgreementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('agreements_partner_a_idx')
  @Column({ name: 'partner_a_id', type: 'uuid' })
  partnerAId: string;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_a_id', foreignKeyConstraintName: 'agreements_partner_a_id_fkey' })
  partnerA?: Relation<PartnerEntity>;

  @Index('agreements_partner_b_idx')
  @Column({ name: 'partner_b_id', type: 'uuid' })
  partnerBId: string;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_b_id', foreignKeyConstraintName: 'agreements_partner_b_id_fkey' })
  partnerB?: Relation<PartnerEntity>;

  @Column({ type: 'text' })
  kind: AgreementKind;

  @Column({ name: 'signed_on', type: 'date' })
  signedOn: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn: string | null;

  @Column({ name: 'terminated_on', type: 'date', nullable: true })
  terminatedOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
