import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-click unsubscribe and hard bounces (`mail_suppressions`), and the key
 * that signs the links in email footers (`app_secrets`, 64 hex characters
 * from two `gen_random_uuid()`s, PostgreSQL's cryptographic generator, with
 * their fixed version nibbles removed: 240 random bits).
 */
export class MailSuppressions1767100000000 implements MigrationInterface {
  name = 'MailSuppressions1767100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_suppressions (
        address text NOT NULL,
        scope text NOT NULL,
        reason text NOT NULL,
        detail text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_mail_suppressions" PRIMARY KEY (address, scope)
      )`);
    await db.query(`
      CREATE TABLE app_secrets (
        name text NOT NULL,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_app_secrets" PRIMARY KEY (name)
      )`);
    await db.query(`
      INSERT INTO app_secrets (name, value)
      VALUES ('link-signing', replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE app_secrets`);
    await db.query(`DROP TABLE mail_suppressions`);
  }
}
