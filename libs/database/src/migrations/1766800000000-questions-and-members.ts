import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration questions and member-only webinars (issue 14).
 *
 * - `events.questions`: the event's questions as a jsonb array, read with the
 *   event row, so registering for an event without questions costs no extra
 *   query; `registration_answers` holds each answer with a snapshot of the
 *   question as answered (version, kind, label, readable text), so editing or
 *   removing a question leaves old answers readable.
 * - `member_organizations` and their email domains (one organization per
 *   domain); `events.audience` (`public` | `members`); a registration of a
 *   members event records the organization it was matched to.
 * - `events.seats_per_organization` and `event_organization_seats`: one
 *   counter row per (event, member organization) of its confirmed seats,
 *   moved in the same statement as the registration (like the event's
 *   counters); its CHECK against `seat_limit` (the event's cap when the row
 *   last moved, never below the count) is the backstop of the cap.
 */
export class QuestionsAndMembers1766800000000 implements MigrationInterface {
  name = 'QuestionsAndMembers1766800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events ADD COLUMN questions jsonb NOT NULL DEFAULT '[]'`);
    await db.query(`ALTER TABLE events ADD COLUMN audience text NOT NULL DEFAULT 'public'`);
    await db.query(`ALTER TABLE events ADD CONSTRAINT events_audience_check CHECK (audience IN ('public', 'members'))`);
    await db.query(`
      CREATE TABLE registration_answers (
        registration_id  uuid NOT NULL CONSTRAINT registration_answers_registration_id_fkey REFERENCES registrations(id) ON DELETE CASCADE,
        question_id      uuid NOT NULL,
        question_version integer NOT NULL,
        kind             text NOT NULL,
        label            jsonb NOT NULL,
        value            jsonb NOT NULL,
        text             text NOT NULL,
        CONSTRAINT registration_answers_pkey PRIMARY KEY (registration_id, question_id)
      )`);
    await db.query(`
      CREATE TABLE member_organizations (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name_en    text,
        name_ja    text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT member_organizations_name_check CHECK (name_en IS NOT NULL OR name_ja IS NOT NULL)
      )`);
    await db.query(`
      CREATE TABLE member_organization_domains (
        domain          text PRIMARY KEY,
        organization_id uuid NOT NULL CONSTRAINT member_organization_domains_organization_id_fkey REFERENCES member_organizations(id) ON DELETE CASCADE
      )`);
    await db.query(
      `CREATE INDEX member_organization_domains_organization_idx ON member_organization_domains (organization_id)`,
    );
    await db.query(
      `ALTER TABLE registrations ADD COLUMN member_organization_id uuid CONSTRAINT registrations_member_organization_id_fkey REFERENCES member_organizations(id) ON DELETE SET NULL`,
    );
    await db.query(`ALTER TABLE events ADD COLUMN seats_per_organization integer`);
    await db.query(
      `ALTER TABLE events ADD CONSTRAINT events_seats_per_organization_positive CHECK (seats_per_organization IS NULL OR seats_per_organization > 0)`,
    );
    await db.query(`
      CREATE TABLE event_organization_seats (
        event_id        uuid NOT NULL CONSTRAINT event_organization_seats_event_id_fkey REFERENCES events(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL CONSTRAINT event_organization_seats_organization_id_fkey REFERENCES member_organizations(id) ON DELETE CASCADE,
        confirmed_count integer NOT NULL DEFAULT 0,
        seat_limit      integer,
        CONSTRAINT event_organization_seats_pkey PRIMARY KEY (event_id, organization_id),
        CONSTRAINT event_organization_seats_respected CHECK (confirmed_count >= 0 AND (seat_limit IS NULL OR confirmed_count <= seat_limit))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE event_organization_seats`);
    await db.query(`ALTER TABLE events DROP CONSTRAINT events_seats_per_organization_positive`);
    await db.query(`ALTER TABLE events DROP COLUMN seats_per_organization`);
    await db.query(`ALTER TABLE registrations DROP COLUMN member_organization_id`);
    await db.query(`DROP TABLE member_organization_domains`);
    await db.query(`DROP TABLE member_organizations`);
    await db.query(`DROP TABLE registration_answers`);
    await db.query(`ALTER TABLE events DROP CONSTRAINT events_audience_check`);
    await db.query(`ALTER TABLE events DROP COLUMN audience`);
    await db.query(`ALTER TABLE events DROP COLUMN questions`);
  }
}
