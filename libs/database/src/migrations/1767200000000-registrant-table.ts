import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the console's registrant table (one indexed query a page,
 * 10,000+ registrants an event):
 *
 * - `(event_id, created_at, id)`: the table's order; a page is a keyset
 *   range of it (`(created_at, id) > cursor ... LIMIT n`), so page 200 costs
 *   what page 1 does;
 * - `(event_id, status, created_at, id)` replaces `(event_id, status)`: the
 *   same with a status filter (its prefix serves every query the old index
 *   did, so inserts pay for no extra index);
 * - a trigram GIN index (pg_trgm) on name, email and organization joined by
 *   U+001F (a search, whose control characters are removed, never matches
 *   across two fields): `ILIKE '%term%'` in any script (Japanese included).
 *
 * pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since
 * 13: the database's owner may create it. Where it cannot be created the
 * search still works, filtered within the event's rows (the first index).
 */
export class RegistrantTable1767200000000 implements MigrationInterface {
  name = 'RegistrantTable1767200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX registrations_event_created_idx ON registrations (event_id, created_at, id)`);
    await db.query(
      `CREATE INDEX registrations_event_status_created_idx ON registrations (event_id, status, created_at, id)`,
    );
    await db.query(`DROP INDEX registrations_event_status_idx`);
    await db.query(`
      DO $$
      BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
      EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'pg_trgm unavailable (%): registrant search runs without its index', SQLERRM;
      END
      $$`);
    const [trgm] = (await db.query(`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`)) as Array<{
      n: number;
    }>;
    if (trgm.n > 0) {
      await db.query(
        `CREATE INDEX registrations_search_idx ON registrations
           USING gin ((name || E'\\x1f' || email || E'\\x1f' || organization) gin_trgm_ops)`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS registrations_search_idx`);
    await db.query(`CREATE INDEX registrations_event_status_idx ON registrations (event_id, status)`);
    await db.query(`DROP INDEX registrations_event_status_created_idx`);
    await db.query(`DROP INDEX registrations_event_created_idx`);
    // pg_trgm stays: other objects may have come to use it.
  }
}
