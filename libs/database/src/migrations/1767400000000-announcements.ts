import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizers' announcements to registrants (`event.announcement`): the texts
 * in both languages, the audience, who sent it and to how many. Each
 * recipient's email is an outbox row naming the announcement in its data.
 * `idempotency_key` (the console form's token, or the API's
 * `Idempotency-Key`) makes a repeated submission return the first one.
 */
export class Announcements1767400000000 implements MigrationInterface {
  name = 'Announcements1767400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE announcements (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id        uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        subject_en      text NOT NULL,
        subject_ja      text NOT NULL,
        body_en         text NOT NULL,
        body_ja         text NOT NULL,
        audience        text NOT NULL
                        CONSTRAINT announcements_audience_check CHECK (audience IN ('confirmed', 'waitlisted', 'both')),
        consenting_only boolean NOT NULL DEFAULT false,
        created_by      uuid REFERENCES organizers(id) ON DELETE SET NULL,
        created_by_partner_id uuid REFERENCES partners(id) ON DELETE SET NULL,
        idempotency_key text,
        recipients      integer NOT NULL DEFAULT 0 CONSTRAINT announcements_recipients_check CHECK (recipients >= 0),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX announcements_event_idx ON announcements (event_id, created_at DESC)`);
    await db.query(
      `CREATE UNIQUE INDEX announcements_idempotency_key ON announcements (event_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE announcements`);
  }
}
