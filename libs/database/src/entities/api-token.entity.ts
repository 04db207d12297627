import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
} from 'typeorm';
import { OrganizerEntity } from './organizer.entity';

export type TokenRole = 'admin' | 'organizer';

/** A bearer token; only the SHA-256 of the secret is stored. */
@Entity({ name: 'api_tokens' })
@Unique('api_tokens_token_hash_key', ['tokenHash'])
@Check('api_tokens_role_check', `role IN ('admin', 'organizer')`)
@Check('api_tokens_role_matches_organizer', `(role = 'organizer') = (organizer_id IS NOT NULL)`)
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @Column({ type: 'text' })
  role: TokenRole;

  @Column({ name: 'organizer_id', type: 'uuid', nullable: true })
  organizerId: string | null;

  @ManyToOne(() => OrganizerEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'organizer_id', foreignKeyConstraintName: 'api_tokens_organizer_id_fkey' })
  organizer?: Relation<OrganizerEntity> | null;

  /** Who the token was issued to (admin tokens have no organizer row). */
  @Column({ type: 'text' })
  email: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
