import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders follow the event without the events code knowing about them: a
 * trigger on `events` bumps the event's reminder schedule version whenever
 * what reminders depend on changes (status, start, offsets, sequence) and
 * wakes the worker, which (re)schedules the delayed jobs.
 */
export class ReminderSync1764500000000 implements MigrationInterface {
  name = 'ReminderSync1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event_reminder_sync (
        event_id       uuid PRIMARY KEY CONSTRAINT event_reminder_sync_event_id_fkey REFERENCES events(id) ON DELETE CASCADE,
        version        integer NOT NULL DEFAULT 1,
        synced_version integer NOT NULL DEFAULT 0,
        job_ids        text[] NOT NULL DEFAULT '{}',
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX event_reminder_sync_pending_idx ON event_reminder_sync (event_id) WHERE synced_version <> version`,
    );
    await db.query(`
      CREATE FUNCTION cohost_mark_reminder_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT'
           OR NEW.status IS DISTINCT FROM OLD.status
           OR NEW.starts_at IS DISTINCT FROM OLD.starts_at
           OR NEW.reminders IS DISTINCT FROM OLD.reminders
           OR NEW.sequence IS DISTINCT FROM OLD.sequence THEN
          INSERT INTO event_reminder_sync (event_id) VALUES (NEW.id)
          ON CONFLICT (event_id) DO UPDATE
            SET version = event_reminder_sync.version + 1, updated_at = now();
          PERFORM pg_notify('cohost_reminders', '');
        END IF;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER events_reminder_sync AFTER INSERT OR UPDATE ON events
      FOR EACH ROW EXECUTE FUNCTION cohost_mark_reminder_sync()`);
    await db.query(`INSERT INTO event_reminder_sync (event_id) SELECT id FROM events`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER events_reminder_sync ON events`);
    await db.query(`DROP FUNCTION cohost_mark_reminder_sync()`);
    await db.query(`DROP TABLE event_reminder_sync`);
  }
}
