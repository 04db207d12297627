import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  Relation,
} from 'typeorm';
import { EventEntity } from './event.entity';

/**
 * An address invited to an (invite-only) event. The code in the invitation
 * email is minted when that email is rendered; only its SHA-256 is stored,
 * and it is bound to this address and usable once.
 */
@Entity({ name: 'invitations' })
@Index('invitations_event_email_key', { synchronize: false })
@Unique('invitations_code_hash_key', ['codeHash'])
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'invitations_event_id_fkey' })
  event?: Relation<EventEntity>;

  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'code_hash', type: 'bytea', nullable: true })
  codeHash: Buffer | null;

  @Column({ name: 'invited_by_partner_id', type: 'uuid', nullable: true })
  invitedByPartnerId: string | null;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ name: 'registration_id', type: 'uuid', nullable: true })
  registrationId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
