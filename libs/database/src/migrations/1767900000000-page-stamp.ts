import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public pages' stamp: one row whose `version` goes up, in the same
 * transaction, with every change the pages show except the seat counters:
 * an event's row (any column but `confirmed_count` and `waitlisted_count`, so
 * a column added later is covered too), its co-hosts, a partner. The api's
 * page caches read it (one statement shared by the requests of one turn) and
 * never answer from a part rendered under an older version, so every api
 * process shows an edit from its commit on. Registrations update only the
 * counters and never touch this row, so a burst does not queue on it; seats
 * are refreshed by age instead (docs/pages.md, "Caching").
 */
export class PageStamp1767900000000 implements MigrationInterface {
  name = 'PageStamp1767900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE page_stamp (
        id boolean NOT NULL DEFAULT true,
        version bigint NOT NULL DEFAULT 0,
        CONSTRAINT "PK_page_stamp" PRIMARY KEY (id),
        CONSTRAINT page_stamp_one_row CHECK (id)
      )`);
    await db.query(`INSERT INTO page_stamp DEFAULT VALUES`);
    await db.query(`
      CREATE FUNCTION bump_page_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE page_stamp SET version = version + 1;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER events_page_stamp_rows AFTER INSERT OR DELETE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION bump_page_stamp()`);
    await db.query(`
      CREATE TRIGGER events_page_stamp AFTER UPDATE ON events FOR EACH ROW
        WHEN ((to_jsonb(OLD) - 'confirmed_count' - 'waitlisted_count')
              IS DISTINCT FROM (to_jsonb(NEW) - 'confirmed_count' - 'waitlisted_count'))
        EXECUTE FUNCTION bump_page_stamp()`);
    await db.query(`
      CREATE TRIGGER event_cohosts_page_stamp AFTER INSERT OR UPDATE OR DELETE ON event_cohosts
        FOR EACH STATEMENT EXECUTE FUNCTION bump_page_stamp()`);
    await db.query(`
      CREATE TRIGGER partners_page_stamp AFTER INSERT OR UPDATE OR DELETE ON partners
        FOR EACH STATEMENT EXECUTE FUNCTION bump_page_stamp()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER partners_page_stamp ON partners`);
    await db.query(`DROP TRIGGER event_cohosts_page_stamp ON event_cohosts`);
    await db.query(`DROP TRIGGER events_page_stamp ON events`);
    await db.query(`DROP TRIGGER events_page_stamp_rows ON events`);
    await db.query(`DROP FUNCTION bump_page_stamp()`);
    await db.query(`DROP TABLE page_stamp`);
  }
}
