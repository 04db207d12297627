import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay may put several rows of a fan-out into one send job. Each row
 * records the one job that may send it (`relay_job`), so that two jobs never
 * send the same row, whatever a crashed relay left in Redis. Batch job ids
 * take a number from `notification_relay_pass_seq`, which a rollback never
 * hands out again, so an id is never reused for other rows.
 */
export class NotificationRelayJob1765000000000 implements MigrationInterface {
  name = 'NotificationRelayJob1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications ADD COLUMN relay_job text`);
    await db.query(`CREATE SEQUENCE notification_relay_pass_seq`);
    // Rows relayed before this change went out as one job each, under their row id.
    await db.query(
      `UPDATE notifications SET relay_job = 'n-' || id WHERE relayed_at IS NOT NULL AND status = 'pending'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SEQUENCE notification_relay_pass_seq`);
    await db.query(`ALTER TABLE notifications DROP COLUMN relay_job`);
  }
}
