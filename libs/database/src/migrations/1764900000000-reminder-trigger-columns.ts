import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder-sync trigger ran on every update of an event row, seat
 * counter updates included (one per registration on the unbatched path).
 * PostgreSQL can skip the call altogether when none of the columns that
 * reminders depend on is in the UPDATE's SET list.
 */
export class ReminderTriggerColumns1764900000000 implements MigrationInterface {
  name = 'ReminderTriggerColumns1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER events_reminder_sync ON events`);
    await db.query(`
      CREATE TRIGGER events_reminder_sync AFTER INSERT OR UPDATE OF status, starts_at, reminders, sequence ON events
      FOR EACH ROW EXECUTE FUNCTION cohost_mark_reminder_sync()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER events_reminder_sync ON events`);
    await db.query(`
      CREATE TRIGGER events_reminder_sync AFTER INSERT OR UPDATE ON events
      FOR EACH ROW EXECUTE FUNCTION cohost_mark_reminder_sync()`);
  }
}
