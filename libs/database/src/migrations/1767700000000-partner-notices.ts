import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partners' contact addresses become an email audience (`partner_id`, no
 * event: e.g. "your webhook endpoint was disabled"), so the target and event
 * CHECKs admit a row naming a partner only. A webhook endpoint the platform
 * disables records when (`disabled_at`): one email per disablement.
 */
export class PartnerNotices1767700000000 implements MigrationInterface {
  name = 'PartnerNotices1767700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications ADD COLUMN partner_id uuid`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_target_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_target_check
         CHECK (registration_id IS NOT NULL OR invitation_id IS NOT NULL OR sign_in_id IS NOT NULL
                OR organizer_id IS NOT NULL OR partner_id IS NOT NULL)`,
    );
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_event_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_event_check
         CHECK (event_id IS NOT NULL OR sign_in_id IS NOT NULL OR partner_id IS NOT NULL)`,
    );
    await db.query(`ALTER TABLE webhook_endpoints ADD COLUMN disabled_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE webhook_endpoints DROP COLUMN disabled_at`);
    await db.query(`DELETE FROM notifications WHERE event_id IS NULL AND sign_in_id IS NULL`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_event_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_event_check CHECK (event_id IS NOT NULL OR sign_in_id IS NOT NULL)`,
    );
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_target_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_target_check
         CHECK (registration_id IS NOT NULL OR invitation_id IS NOT NULL OR sign_in_id IS NOT NULL
                OR organizer_id IS NOT NULL)`,
    );
    await db.query(`ALTER TABLE notifications DROP COLUMN partner_id`);
  }
}
