import {
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

/** A person who organizes webinars on behalf of a partner. */
@Entity({ name: 'organizers' })
// Unique on (partner_id, lower(email)): an expression index, written in the migration.
@Index('organizers_partner_email_key', { synchronize: false })
@Index('organizers_email_idx', { synchronize: false })
export class OrganizerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => PartnerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'organizers_partner_id_fkey' })
  partner?: Relation<PartnerEntity>;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set by a hub admin: the organizer can no longer sign in, their sessions ended and their API tokens stop working. */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;
}
