import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who did what to personal data or agreements: registrants viewed or exported
 * (with the agreement a co-host saw them under), people erased, agreements
 * created or terminated. Written by `AuditLog.record` in the transaction or
 * request of the act; read by hub admins (`GET /api/v1/audit`); deleted after
 * `AUDIT_RETENTION_DAYS` by the privacy sweep. Holds ids, never an address.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_at_idx', ['at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** `admin` (a signed-in or issued admin token), `token` (`ADMIN_TOKEN`), `organizer`, `registrant`, `system`. */
  @Column({ name: 'actor_kind', type: 'text' })
  actorKind: string;

  /** The organizer's id, or the admin's email; null for `ADMIN_TOKEN`, registrants and the system. */
  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId: string | null;

  /** The organizer's partner. */
  @Column({ name: 'partner_id', type: 'uuid', nullable: true })
  partnerId: string | null;

  /** `registrants.view`, `registrants.export`, `erasure`, `agreement.create`, `agreement.terminate`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;

  @Column({ name: 'agreement_id', type: 'uuid', nullable: true })
  agreementId: string | null;

  /** Ids and counts only (e.g. the erased registrations' ids). */
  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;
}
