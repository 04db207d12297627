import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One request for a console sign-in link. The worker mints the link's secret
 * when it sends the email (32 random bytes; only the SHA-256 is kept here,
 * with its expiry); the link signs in once (`used_at`).
 */
@Entity({ name: 'console_sign_ins' })
@Unique('console_sign_ins_token_hash_key', ['tokenHash'])
export class ConsoleSignInEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The address as typed (trimmed); whether it may sign in is decided again at send and at use. */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'token_hash', type: 'bytea', nullable: true })
  tokenHash: Buffer | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
