import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agreements that end: a co-hosting its agreement no longer covers becomes
 * `ended` (history kept, no rights). Organizers become an email audience
 * (`organizer_id`, e.g. the email listing the webinars an agreement's end
 * affects), so the target CHECK admits a row naming an organizer only.
 */
export class CohostingsThatEnd1767100000002 implements MigrationInterface {
  name = 'CohostingsThatEnd1767100000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event_cohosts DROP CONSTRAINT event_cohosts_status_check`);
    await db.query(
      `ALTER TABLE event_cohosts ADD CONSTRAINT event_cohosts_status_check
         CHECK (status IN ('pending', 'accepted', 'declined', 'ended'))`,
    );
    await db.query(`ALTER TABLE notifications ADD COLUMN organizer_id uuid`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_target_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_target_check
         CHECK (registration_id IS NOT NULL OR invitation_id IS NOT NULL OR sign_in_id IS NOT NULL
                OR organizer_id IS NOT NULL)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DELETE FROM notifications WHERE organizer_id IS NOT NULL AND registration_id IS NULL AND invitation_id IS NULL`,
    );
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_target_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_target_check
         CHECK (registration_id IS NOT NULL OR invitation_id IS NOT NULL OR sign_in_id IS NOT NULL)`,
    );
    await db.query(`ALTER TABLE notifications DROP COLUMN organizer_id`);
    await db.query(`UPDATE event_cohosts SET status = 'declined' WHERE status = 'ended'`);
    await db.query(`ALTER TABLE event_cohosts DROP CONSTRAINT event_cohosts_status_check`);
    await db.query(
      `ALTER TABLE event_cohosts ADD CONSTRAINT event_cohosts_status_check CHECK (status IN ('pending', 'accepted', 'declined'))`,
    );
  }
}
