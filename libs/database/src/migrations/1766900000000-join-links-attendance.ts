import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal join links, attendance and follow-ups (issue 14): the hashes of
 * the `/j/<token>` links, when a registrant first opened theirs in the join
 * window and whether they attended, and per event the join window, the
 * recording link and when the follow-up was sent.
 */
export class JoinLinksAttendance1766900000000 implements MigrationInterface {
  name = 'JoinLinksAttendance1766900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE registration_join_tokens (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        registration_id uuid NOT NULL CONSTRAINT registration_join_tokens_registration_id_fkey REFERENCES registrations(id) ON DELETE CASCADE,
        token_hash      bytea NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registration_join_tokens_hash_key UNIQUE (token_hash)
      )`);
    await db.query(
      `CREATE INDEX registration_join_tokens_registration_idx ON registration_join_tokens (registration_id)`,
    );
    await db.query(`ALTER TABLE registrations ADD COLUMN joined_at timestamptz`);
    await db.query(`ALTER TABLE registrations ADD COLUMN attended boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE events ADD COLUMN join_window_minutes integer NOT NULL DEFAULT 15`);
    await db.query(
      `ALTER TABLE events ADD CONSTRAINT events_join_window_range CHECK (join_window_minutes BETWEEN 0 AND 1440)`,
    );
    await db.query(`ALTER TABLE events ADD COLUMN recording_url text`);
    await db.query(`ALTER TABLE events ADD COLUMN recording_public boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE events ADD COLUMN followup_sent_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events DROP COLUMN followup_sent_at`);
    await db.query(`ALTER TABLE events DROP COLUMN recording_public`);
    await db.query(`ALTER TABLE events DROP COLUMN recording_url`);
    await db.query(`ALTER TABLE events DROP CONSTRAINT events_join_window_range`);
    await db.query(`ALTER TABLE events DROP COLUMN join_window_minutes`);
    await db.query(`ALTER TABLE registrations DROP COLUMN attended`);
    await db.query(`ALTER TABLE registrations DROP COLUMN joined_at`);
    await db.query(`DROP TABLE registration_join_tokens`);
  }
}
