import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log of access to personal data and of agreement changes (see `AuditEntryEntity`). */
export class AuditLog1767100000001 implements MigrationInterface {
  name = 'AuditLog1767100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL,
        actor_id text,
        partner_id uuid,
        action text NOT NULL,
        event_id uuid,
        agreement_id uuid,
        detail jsonb,
        CONSTRAINT "PK_audit_log" PRIMARY KEY (id)
      )`);
    await db.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
  }
}
