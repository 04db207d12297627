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
  Unique,
} from 'typeorm';
import { HubAdminEntity } from './hub-admin.entity';
import { OrganizerEntity } from './organizer.entity';

export type ConsoleRole = 'admin' | 'organizer';

/**
 * A console session. The cookie holds a random id of which only the SHA-256
 * is stored. `role` is null until a person with several roles picks one; an
 * organizer's or admin's sessions go with the row they act as (deactivation
 * deletes them, `remove-admin` cascades).
 */
@Entity({ name: 'console_sessions' })
@Unique('console_sessions_token_hash_key', ['tokenHash'])
@Check(
  'console_sessions_role_check',
  `(role IS NULL AND organizer_id IS NULL AND hub_admin_id IS NULL) OR (role = 'admin' AND hub_admin_id IS NOT NULL AND organizer_id IS NULL) OR (role = 'organizer' AND organizer_id IS NOT NULL AND hub_admin_id IS NULL)`,
)
export class ConsoleSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  /** The person signed in (the address the link was sent to). */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', nullable: true })
  role: ConsoleRole | null;

  @Index('console_sessions_organizer_idx')
  @Column({ name: 'organizer_id', type: 'uuid', nullable: true })
  organizerId: string | null;

  @ManyToOne(() => OrganizerEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'organizer_id', foreignKeyConstraintName: 'console_sessions_organizer_id_fkey' })
  organizer?: Relation<OrganizerEntity> | null;

  @Index('console_sessions_hub_admin_idx')
  @Column({ name: 'hub_admin_id', type: 'uuid', nullable: true })
  hubAdminId: string | null;

  @ManyToOne(() => HubAdminEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'hub_admin_id', foreignKeyConstraintName: 'console_sessions_hub_admin_id_fkey' })
  hubAdmin?: Relation<HubAdminEntity> | null;

  /** The session's CSRF token (synchronizer token), in every console form. */
  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** Absolute end (sign-in + `CONSOLE_SESSION_ABSOLUTE_HOURS`). */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
