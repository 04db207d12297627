import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE partners (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug          text NOT NULL,
        name_en       text NOT NULL,
        name_ja       text,
        country       char(2) NOT NULL,
        timezone      text NOT NULL,
        contact_email text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partners_slug_key UNIQUE (slug),
        CONSTRAINT partners_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT partners_country_check CHECK (country ~ '^[A-Z]{2}$')
      )`);
    await db.query(`
      CREATE TABLE agreements (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_a_id   uuid NOT NULL CONSTRAINT agreements_partner_a_id_fkey REFERENCES partners(id) ON DELETE RESTRICT,
        partner_b_id   uuid NOT NULL CONSTRAINT agreements_partner_b_id_fkey REFERENCES partners(id) ON DELETE RESTRICT,
        kind           text NOT NULL CONSTRAINT agreements_kind_check CHECK (kind IN ('MOC', 'MOU')),
        signed_on      date NOT NULL,
        effective_from date NOT NULL,
        expires_on     date,
        terminated_on  date,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agreements_distinct_partners CHECK (partner_a_id <> partner_b_id),
        CONSTRAINT agreements_expiry_after_start CHECK (expires_on IS NULL OR expires_on > effective_from),
        CONSTRAINT agreements_termination_after_start CHECK (terminated_on IS NULL OR terminated_on >= effective_from)
      )`);
    await db.query(`CREATE INDEX agreements_partner_a_idx ON agreements (partner_a_id)`);
    await db.query(`CREATE INDEX agreements_partner_b_idx ON agreements (partner_b_id)`);
    await db.query(`
      CREATE TABLE organizers (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
        email      text NOT NULL,
        name       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX organizers_partner_email_key ON organizers (partner_id, lower(email))`);
    await db.query(`
      CREATE TABLE api_tokens (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash   bytea NOT NULL,
        role         text NOT NULL CONSTRAINT api_tokens_role_check CHECK (role IN ('admin', 'organizer')),
        organizer_id uuid REFERENCES organizers(id) ON DELETE CASCADE,
        email        text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz,
        CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT api_tokens_role_matches_organizer CHECK ((role = 'organizer') = (organizer_id IS NOT NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_tokens`);
    await db.query(`DROP TABLE organizers`);
    await db.query(`DROP TABLE agreements`);
    await db.query(`DROP TABLE partners`);
  }
}
