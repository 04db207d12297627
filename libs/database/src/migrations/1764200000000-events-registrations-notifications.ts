import { MigrationInterface, QueryRunner } from 'typeorm';

export class EventsRegistrationsNotifications1764200000000 implements MigrationInterface {
  name = 'EventsRegistrationsNotifications1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug                    text NOT NULL,
        host_partner_id         uuid NOT NULL CONSTRAINT events_host_partner_id_fkey REFERENCES partners(id) ON DELETE RESTRICT,
        title_en                text,
        title_ja                text,
        description_en          text,
        description_ja          text,
        starts_at               timestamptz NOT NULL,
        ends_at                 timestamptz NOT NULL,
        timezone                text NOT NULL,
        capacity                integer,
        waitlist                boolean NOT NULL DEFAULT false,
        registration_opens_at   timestamptz,
        registration_closes_at  timestamptz,
        visibility              text NOT NULL DEFAULT 'public',
        join_url                text NOT NULL,
        reminders               text[] NOT NULL DEFAULT '{P1D,PT1H}',
        status                  text NOT NULL DEFAULT 'draft',
        sequence                integer NOT NULL DEFAULT 0,
        confirmed_count         integer NOT NULL DEFAULT 0,
        waitlisted_count        integer NOT NULL DEFAULT 0,
        cancel_reason           text,
        published_at            timestamptz,
        cancelled_at            timestamptz,
        created_by_organizer_id uuid,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_slug_key UNIQUE (slug),
        CONSTRAINT events_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT events_title_present CHECK (title_en IS NOT NULL OR title_ja IS NOT NULL),
        CONSTRAINT events_time_order CHECK (starts_at < ends_at),
        CONSTRAINT events_capacity_positive CHECK (capacity IS NULL OR capacity > 0),
        CONSTRAINT events_status_check CHECK (status IN ('draft', 'published', 'cancelled')),
        CONSTRAINT events_visibility_check CHECK (visibility IN ('public', 'invite_only')),
        CONSTRAINT events_sequence_nonnegative CHECK (sequence >= 0),
        CONSTRAINT events_counts_nonnegative CHECK (confirmed_count >= 0 AND waitlisted_count >= 0),
        -- The backstop against overbooking: the counter moves with the rows.
        CONSTRAINT events_capacity_respected CHECK (capacity IS NULL OR confirmed_count <= capacity)
      )`);
    await db.query(`CREATE INDEX events_host_partner_idx ON events (host_partner_id)`);
    await db.query(`CREATE INDEX events_starts_at_idx ON events (starts_at)`);

    await db.query(`
      CREATE TABLE event_cohosts (
        event_id     uuid NOT NULL CONSTRAINT event_cohosts_event_id_fkey REFERENCES events(id) ON DELETE CASCADE,
        partner_id   uuid NOT NULL CONSTRAINT event_cohosts_partner_id_fkey REFERENCES partners(id) ON DELETE RESTRICT,
        status       text NOT NULL DEFAULT 'pending',
        agreement_id uuid CONSTRAINT event_cohosts_agreement_id_fkey REFERENCES agreements(id) ON DELETE SET NULL,
        invited_at   timestamptz NOT NULL DEFAULT now(),
        responded_at timestamptz,
        PRIMARY KEY (event_id, partner_id),
        CONSTRAINT event_cohosts_status_check CHECK (status IN ('pending', 'accepted', 'declined'))
      )`);
    await db.query(`CREATE INDEX event_cohosts_partner_idx ON event_cohosts (partner_id)`);

    await db.query(`
      CREATE TABLE registrations (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id           uuid NOT NULL CONSTRAINT registrations_event_id_fkey REFERENCES events(id) ON DELETE CASCADE,
        email              text NOT NULL,
        name               text NOT NULL,
        organization       text NOT NULL,
        locale             text NOT NULL,
        timezone           text NOT NULL,
        via_partner_id     uuid CONSTRAINT registrations_via_partner_id_fkey REFERENCES partners(id) ON DELETE SET NULL,
        share_with_cohosts boolean NOT NULL DEFAULT false,
        status             text NOT NULL,
        invitation_id      uuid,
        waitlisted_at      timestamptz,
        confirmed_at       timestamptz,
        cancelled_at       timestamptz,
        cancelled_by       text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registrations_status_check CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
        CONSTRAINT registrations_locale_check CHECK (locale IN ('ja', 'en')),
        CONSTRAINT registrations_cancelled_by_check CHECK (cancelled_by IS NULL OR cancelled_by IN ('registrant', 'organizer', 'event'))
      )`);
    await db.query(`CREATE INDEX registrations_event_status_idx ON registrations (event_id, status)`);
    // One live registration per address and event, case-insensitively; cancelled ones may repeat.
    await db.query(
      `CREATE UNIQUE INDEX registrations_active_email_key ON registrations (event_id, lower(email)) WHERE status <> 'cancelled'`,
    );
    // FIFO promotion: the earliest waitlisted first.
    await db.query(
      `CREATE INDEX registrations_waitlist_idx ON registrations (event_id, waitlisted_at, id) WHERE status = 'waitlisted'`,
    );

    await db.query(`
      CREATE TABLE registration_cancel_tokens (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        registration_id uuid NOT NULL CONSTRAINT registration_cancel_tokens_registration_id_fkey REFERENCES registrations(id) ON DELETE CASCADE,
        token_hash      bytea NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registration_cancel_tokens_hash_key UNIQUE (token_hash)
      )`);
    await db.query(
      `CREATE INDEX registration_cancel_tokens_registration_idx ON registration_cancel_tokens (registration_id)`,
    );

    await db.query(`
      CREATE TABLE invitations (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id              uuid NOT NULL CONSTRAINT invitations_event_id_fkey REFERENCES events(id) ON DELETE CASCADE,
        email                 text NOT NULL,
        code_hash             bytea,
        invited_by_partner_id uuid,
        used_at               timestamptz,
        registration_id       uuid,
        created_at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invitations_code_hash_key UNIQUE (code_hash)
      )`);
    await db.query(`CREATE UNIQUE INDEX invitations_event_email_key ON invitations (event_id, lower(email))`);

    await db.query(`
      CREATE TABLE notifications (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind            text NOT NULL,
        event_id        uuid NOT NULL CONSTRAINT notifications_event_id_fkey REFERENCES events(id) ON DELETE CASCADE,
        registration_id uuid,
        invitation_id   uuid,
        event_sequence  integer NOT NULL,
        dedupe_key      text NOT NULL,
        recipient       text NOT NULL,
        data            jsonb NOT NULL DEFAULT '{}',
        status          text NOT NULL DEFAULT 'pending',
        attempts        integer NOT NULL DEFAULT 0,
        last_error      text,
        smtp_message_id text,
        relayed_at      timestamptz,
        sent_at         timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_dedupe_key UNIQUE (dedupe_key),
        CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
        CONSTRAINT notifications_target_check CHECK (registration_id IS NOT NULL OR invitation_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX notifications_event_idx ON notifications (event_id)`);
    // What the relay scans: rows not yet moved into the queue, oldest first.
    await db.query(`CREATE INDEX notifications_unrelayed_idx ON notifications (id) WHERE relayed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications`);
    await db.query(`DROP TABLE invitations`);
    await db.query(`DROP TABLE registration_cancel_tokens`);
    await db.query(`DROP TABLE registrations`);
    await db.query(`DROP TABLE event_cohosts`);
    await db.query(`DROP TABLE events`);
  }
}
