import { OUTBOX_CHANNEL } from '@cohost/database';

/**
 * A registration as ONE SQL statement, hence one implicit transaction and one
 * round trip. Why: every registration of an event updates the event's
 * counter row and holds its lock until commit, so registrations of one event
 * commit one after the other. With several statements, the lock would also
 * be held while the api's event loop gets round to sending the next one;
 * with one statement the lock lives only inside PostgreSQL (execution and
 * the WAL flush), which is what bounds a burst on one event.
 *
 * In order: take a seat with the conditional counter update (never above
 * capacity, the CHECK is the backstop); if none, join the waitlist (the new
 * `waitlisted_count` is the position: waitlisting is serialized by the row
 * lock); insert the registration (the partial unique index on
 * (event, lower(email)) raises 23505 for a live duplicate); write its outbox
 * row exactly as `Outbox.forRegistrations` does (same kind, dedupe key and
 * data) and wake the relay. No row back means: no seat and no waitlist, or
 * the event is no longer published.
 *
 * Parameters: $1 event id, $2 email, $3 name, $4 organization, $5 locale,
 * $6 timezone, $7 via partner id, $8 share with co-hosts, $9 invitation id.
 * Shared with the benchmark's ceiling so both run the same statement.
 */
export const REGISTER_STATEMENT = `
WITH seat AS (
  UPDATE events SET confirmed_count = confirmed_count + 1
   WHERE id = $1 AND status = 'published' AND (capacity IS NULL OR confirmed_count < capacity)
   RETURNING sequence
), queued AS (
  UPDATE events SET waitlisted_count = waitlisted_count + 1
   WHERE id = $1 AND status = 'published' AND waitlist AND NOT EXISTS (SELECT 1 FROM seat)
   RETURNING sequence, waitlisted_count
), placed AS (
  SELECT 'confirmed'::text AS status, sequence, NULL::integer AS position FROM seat
  UNION ALL
  SELECT 'waitlisted'::text, sequence, waitlisted_count FROM queued
), registration AS (
  INSERT INTO registrations (event_id, email, name, organization, locale, timezone, via_partner_id,
                             share_with_cohosts, status, invitation_id, confirmed_at, waitlisted_at)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8, p.status, $9,
         CASE WHEN p.status = 'confirmed' THEN clock_timestamp() END,
         CASE WHEN p.status = 'waitlisted' THEN clock_timestamp() END
    FROM placed p
  RETURNING id, status, email
), outbox AS (
  INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
  SELECT 'registration.' || r.status, $1, r.id, p.sequence,
         'registration.' || r.status || ':' || r.id || ':' || p.sequence, r.email,
         CASE WHEN p.position IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('waitlistPosition', p.position) END
    FROM registration r CROSS JOIN placed p
  ON CONFLICT (dedupe_key) DO NOTHING
)
SELECT r.id, r.status, p.position, pg_notify('${OUTBOX_CHANNEL}', '') AS woken
  FROM registration r CROSS JOIN placed p`;

export interface RegisterStatementInput {
  eventId: string;
  email: string;
  name: string;
  organization: string;
  locale: 'ja' | 'en';
  timezone: string;
  viaPartnerId: string | null;
  shareWithCohosts: boolean;
  invitationId: string | null;
}

export interface RegisterStatementRow {
  id: string;
  status: 'confirmed' | 'waitlisted';
  position: number | null;
}

export function registerParameters(input: RegisterStatementInput): unknown[] {
  return [
    input.eventId,
    input.email,
    input.name,
    input.organization,
    input.locale,
    input.timezone,
    input.viaPartnerId,
    input.shareWithCohosts,
    input.invitationId,
  ];
}
