import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console: hub admins as people, sign-in link requests, server-side
 * sessions, deactivated organizers, and the `console.sign_in` email, the
 * first notification without an event (it points at its sign-in request).
 */
export class Console1766400000000 implements MigrationInterface {
  name = 'Console1766400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE hub_admins (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email      text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX hub_admins_email_key ON hub_admins (lower(email))`);
    await db.query(`ALTER TABLE organizers ADD COLUMN deactivated_at timestamptz`);
    // Sign-in looks organizers up by address across partners.
    await db.query(`CREATE INDEX organizers_email_idx ON organizers (lower(email))`);
    await db.query(`
      CREATE TABLE console_sign_ins (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email      text NOT NULL,
        token_hash bytea,
        expires_at timestamptz,
        used_at    timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT console_sign_ins_token_hash_key UNIQUE (token_hash)
      )`);
    await db.query(`
      CREATE TABLE console_sessions (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash   bytea NOT NULL,
        email        text NOT NULL,
        role         text,
        organizer_id uuid CONSTRAINT console_sessions_organizer_id_fkey REFERENCES organizers(id) ON DELETE CASCADE,
        hub_admin_id uuid CONSTRAINT console_sessions_hub_admin_id_fkey REFERENCES hub_admins(id) ON DELETE CASCADE,
        csrf_token   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL,
        expires_at   timestamptz NOT NULL,
        CONSTRAINT console_sessions_token_hash_key UNIQUE (token_hash),
        CONSTRAINT console_sessions_role_check CHECK ((role IS NULL AND organizer_id IS NULL AND hub_admin_id IS NULL) OR (role = 'admin' AND hub_admin_id IS NOT NULL AND organizer_id IS NULL) OR (role = 'organizer' AND organizer_id IS NOT NULL AND hub_admin_id IS NULL))
      )`);
    await db.query(`CREATE INDEX console_sessions_organizer_idx ON console_sessions (organizer_id)`);
    await db.query(`CREATE INDEX console_sessions_hub_admin_idx ON console_sessions (hub_admin_id)`);

    await db.query(`ALTER TABLE notifications ALTER COLUMN event_id DROP NOT NULL`);
    await db.query(`
      ALTER TABLE notifications ADD COLUMN sign_in_id uuid
        CONSTRAINT notifications_sign_in_id_fkey REFERENCES console_sign_ins(id) ON DELETE CASCADE`);
    await db.query(`CREATE INDEX notifications_sign_in_idx ON notifications (sign_in_id)`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_target_check`);
    await db.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_target_check
        CHECK (registration_id IS NOT NULL OR invitation_id IS NOT NULL OR sign_in_id IS NOT NULL)`);
    await db.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_event_check
        CHECK (event_id IS NOT NULL OR sign_in_id IS NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM notifications WHERE sign_in_id IS NOT NULL`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_event_check`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_target_check`);
    await db.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_target_check
        CHECK (registration_id IS NOT NULL OR invitation_id IS NOT NULL)`);
    await db.query(`ALTER TABLE notifications DROP COLUMN sign_in_id`);
    await db.query(`ALTER TABLE notifications ALTER COLUMN event_id SET NOT NULL`);
    await db.query(`DROP TABLE console_sessions`);
    await db.query(`DROP TABLE console_sign_ins`);
    await db.query(`DROP INDEX organizers_email_idx`);
    await db.query(`ALTER TABLE organizers DROP COLUMN deactivated_at`);
    await db.query(`DROP TABLE hub_admins`);
  }
}
