import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `resends` counts how often a failed row was put back to the outbox. A row
 * sent alone has the job id `n-<id>`; BullMQ keeps failed jobs for days, so
 * the resend's job would be ignored under that id and the row stay pending.
 * With the count in the id (`n-<id>-r<resends>`) each resend is a new job,
 * still deterministic for the relay's sweep. The (event_id, id) index serves
 * the delivery list, newest first, a page at a time.
 */
export class NotificationResends1767500000000 implements MigrationInterface {
  name = 'NotificationResends1767500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications ADD COLUMN resends integer NOT NULL DEFAULT 0`);
    await db.query(`CREATE INDEX notifications_event_id_idx ON notifications (event_id, id)`);
    await db.query(`DROP INDEX notifications_event_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX notifications_event_idx ON notifications (event_id)`);
    await db.query(`DROP INDEX notifications_event_id_idx`);
    await db.query(`ALTER TABLE notifications DROP COLUMN resends`);
  }
}
