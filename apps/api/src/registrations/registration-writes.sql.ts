import { OUTBOX_CHANNEL, registrationDedupeKeySql } from '@cohost/database';
import type { BatchDecision } from '@cohost/domain';

/**
 * Every SQL statement that writes registrations, moves an event's seat
 * counters (`confirmed_count`, `waitlisted_count`) or writes a
 * `registration.*` outbox row. Only `RegistrationWritesRepository` runs them
 * (and the registration benchmark's ceiling, which runs the one-statement
 * registration to measure the bare database path). Their outbox rows take
 * the dedupe key from `registrationDedupeKeySql` (libs/database's outbox),
 * the one home of its format.
 */

/** The partial unique index that keeps one live registration per (event, address). */
export const LIVE_EMAIL_INDEX = 'registrations_active_email_key';

/** A registrant as the registering statements take it (trimmed, defaults applied). */
export interface Registrant {
  email: string;
  name: string;
  organization: string;
  locale: 'ja' | 'en';
  timezone: string;
  viaPartnerId: string | null;
  shareWithCohosts: boolean;
}

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
 * row (kind `registration.<status>`, the dedupe key of
 * `registrationDedupeKeySql`) and wake the relay. No row back means: no seat and no waitlist, or
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
         ${registrationDedupeKeySql(`'registration.' || r.status`, 'r.id', 'p.sequence')}, r.email,
         CASE WHEN p.position IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('waitlistPosition', p.position) END
    FROM registration r CROSS JOIN placed p
  ON CONFLICT (dedupe_key) DO NOTHING
)
SELECT r.id, r.status, p.position, pg_notify('${OUTBOX_CHANNEL}', '') AS woken
  FROM registration r CROSS JOIN placed p`;

export interface RegisterStatementInput extends Registrant {
  eventId: string;
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

/**
 * The statements of a batch of public registrations to ONE event, run in one
 * transaction by `RegistrationWritesRepository.registerBatch`:
 *
 * 1. `LOCK_EVENT`: the event row FOR UPDATE. Every registering path updates
 *    this row (FOR NO KEY UPDATE strength), and any INSERT of a registration
 *    holds a KEY SHARE lock on it for its foreign key until it commits; FOR
 *    UPDATE conflicts with both, so once it is granted no registration of
 *    the event is in flight and none can start before our COMMIT. It also
 *    folds the batch's addresses as the unique index does (`lower`);
 * 2. only when checking (see below): `LIVE_EMAILS`, which addresses of the
 *    batch are already live, read in a new snapshot after the lock, so it
 *    sees whatever the previous holder of the lock committed;
 * 3. the decision in arrival order (`decideRegistrationBatch`, libs/domain);
 * 4. `WRITE_BATCH`: the registrations, their outbox rows (kind
 *    `registration.<status>`, the key of `registrationDedupeKeySql`), the counters moved by
 *    what was actually inserted, and one NOTIFY for the batch.
 *
 * A batch is first written optimistically, without step 2: an address that
 * is already live is rare, and the partial unique index on (event,
 * lower(email)) refuses it anyway. The INSERT then fails (23505 on
 * `LIVE_EMAIL_INDEX`), the COMMIT queued behind it rolls back, and the caller
 * writes the batch again with step 2; should the INSERT fail then, the batch
 * falls back to the one-by-one path.
 *
 * Why not always step 2: its plan rests on the table's statistics, and a
 * new event's registrations are never in them when its burst begins. With
 * the event estimated at one row, PostgreSQL probes the (event, status)
 * index and filters every live row of the event by address (~8 ms per batch
 * at 10,000 registrations, and growing) where the unique index would answer
 * in a few page reads. The INSERT's check is the unique index itself,
 * whatever the statistics.
 *
 * The transaction is BEGIN + step 1, then step 4 + COMMIT, each pair queued
 * on the connection together (see `RegistrationWritesRepository`).
 */

export const LOCK_EVENT = `
SELECT status, capacity, confirmed_count, waitlisted_count, waitlist, sequence,
       ARRAY(SELECT lower(email) FROM unnest($2::text[]) WITH ORDINALITY AS u(email, ord) ORDER BY ord) AS keys
  FROM events WHERE id = $1 FOR UPDATE`;

/**
 * Each item's address key, as the unique index folds it (`lower`, so the
 * batch and the index never disagree on non-ASCII addresses), and whether a
 * live registration of the event has it. $2: the addresses in arrival order.
 */
export const LIVE_EMAILS = `
SELECT x.key, EXISTS (SELECT 1 FROM registrations r
                       WHERE r.event_id = $1 AND lower(r.email) = x.key AND r.status <> 'cancelled') AS live
  FROM (SELECT lower(email) AS key, ord FROM unnest($2::text[]) WITH ORDINALITY AS u(email, ord)) x
 ORDER BY x.ord`;

export interface AddressRow {
  key: string;
  live: boolean;
}

/**
 * Waitlist order is `(waitlisted_at, id)`, so the batch's waitlisted rows get
 * strictly increasing times in arrival order (one microsecond apart), never
 * earlier than anyone already waiting, whatever the clock's resolution. The
 * latest waiting time is read as `ORDER BY ... DESC LIMIT 1`, a backward step
 * on the waitlist index whatever the statistics say (`max()` was planned as
 * an aggregate over the whole waitlist on a table grown since its last
 * ANALYZE: ~8 ms per batch at 10,000 waiting).
 *
 * Parameters: $1 event id, $2 event sequence, then one array per column, in
 * arrival order: $3 email, $4 name, $5 organization, $6 locale, $7 timezone,
 * $8 via partner id, $9 share with co-hosts, $10 status, $11 waitlist position.
 */
export const WRITE_BATCH = `
WITH input AS (
  SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::boolean[],
                       $10::text[], $11::integer[])
    WITH ORDINALITY AS i(email, name, organization, locale, timezone, via_partner_id, share_with_cohosts,
                         status, position, ord)
), base AS (
  SELECT greatest(clock_timestamp(),
                  (SELECT waitlisted_at + interval '1 microsecond' FROM registrations
                    WHERE event_id = $1 AND status = 'waitlisted'
                    ORDER BY waitlisted_at DESC LIMIT 1)) AS at
), registration AS (
  INSERT INTO registrations (event_id, email, name, organization, locale, timezone, via_partner_id,
                             share_with_cohosts, status, confirmed_at, waitlisted_at)
  SELECT $1, i.email, i.name, i.organization, i.locale, i.timezone, i.via_partner_id, i.share_with_cohosts, i.status,
         CASE WHEN i.status = 'confirmed' THEN b.at END,
         CASE WHEN i.status = 'waitlisted' THEN b.at + (i.ord - 1) * interval '1 microsecond' END
    FROM input i CROSS JOIN base b
   ORDER BY i.ord
  RETURNING id, status, email
), outbox AS (
  INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
  SELECT 'registration.' || r.status, $1, r.id, $2::integer,
         ${registrationDedupeKeySql(`'registration.' || r.status`, 'r.id', '$2::integer')}, r.email,
         CASE WHEN i.position IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('waitlistPosition', i.position) END
    FROM registration r JOIN input i ON i.email = r.email
  ON CONFLICT (dedupe_key) DO NOTHING
), counters AS (
  UPDATE events
     SET confirmed_count = confirmed_count + (SELECT count(*) FROM registration WHERE status = 'confirmed'),
         waitlisted_count = waitlisted_count + (SELECT count(*) FROM registration WHERE status = 'waitlisted')
   WHERE id = $1
)
SELECT r.id, i.ord::integer AS ord, (SELECT pg_notify('${OUTBOX_CHANNEL}', '')) AS woken
  FROM registration r JOIN input i ON i.email = r.email`;

export interface LockedEventRow {
  status: string;
  capacity: number | null;
  confirmed_count: number;
  waitlisted_count: number;
  waitlist: boolean;
  sequence: number;
  /** The batch's addresses folded as the unique index folds them, in arrival order. */
  keys: string[];
}

export interface WrittenRow {
  id: string;
  /** 1-based index into the written items. */
  ord: number;
}

export interface PlannedWrite {
  registrant: Registrant;
  decision: Extract<BatchDecision, { outcome: 'confirmed' | 'waitlisted' }>;
}

export function writeBatchParameters(eventId: string, sequence: number, writes: readonly PlannedWrite[]): unknown[] {
  const column = <T>(pick: (write: PlannedWrite) => T): T[] => writes.map(pick);
  return [
    eventId,
    sequence,
    column((w) => w.registrant.email),
    column((w) => w.registrant.name),
    column((w) => w.registrant.organization),
    column((w) => w.registrant.locale),
    column((w) => w.registrant.timezone),
    column((w) => w.registrant.viaPartnerId),
    column((w) => w.registrant.shareWithCohosts),
    column((w) => w.decision.outcome),
    column((w) => (w.decision.outcome === 'waitlisted' ? w.decision.position : null)),
  ];
}

/**
 * One `registration.*` outbox row per registration of $2 (uuid[]), kind $1,
 * data $3, at the event's current sequence, and the relay woken in the same
 * statement (NOTIFY is transactional: heard only if the rows commit).
 */
export const REGISTRATION_OUTBOX = `
WITH written AS (
  INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
  SELECT $1, r.event_id, r.id, e.sequence, ${registrationDedupeKeySql('$1', 'r.id', 'e.sequence')}, r.email, $3::jsonb
    FROM registrations r JOIN events e ON e.id = r.event_id
   WHERE r.id = ANY($2::uuid[])
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING id
)
SELECT count(*)::int AS n, CASE WHEN count(*) > 0 THEN pg_notify('${OUTBOX_CHANNEL}', '') END AS woken FROM written`;

/** Promotion, step 1: the event row locked, with whether it takes promotions and its free seats. */
export const LOCK_EVENT_SEATS = `
SELECT capacity, confirmed_count, (status = 'published' AND ends_at > now()) AS open
  FROM events WHERE id = $1 FOR UPDATE`;

export interface EventSeatsRow {
  capacity: number | null;
  confirmed_count: number;
  open: boolean;
}

/** Promotion, step 2: the earliest $2 waitlisted (all when null), skipping rows another transaction holds. */
export const NEXT_WAITLISTED = `
SELECT id FROM registrations
 WHERE event_id = $1 AND status = 'waitlisted'
 ORDER BY waitlisted_at, id
 LIMIT $2
 FOR UPDATE SKIP LOCKED`;

/** Promotion, step 3: the registrations $2 confirmed and the counters of event $1 moved by as many. */
export const CONFIRM_WAITLISTED = `
WITH promoted AS (
  UPDATE registrations SET status = 'confirmed', confirmed_at = clock_timestamp(), updated_at = now()
   WHERE id = ANY($2::uuid[])
  RETURNING id
)
UPDATE events SET confirmed_count = confirmed_count + (SELECT count(*) FROM promoted),
                  waitlisted_count = waitlisted_count - (SELECT count(*) FROM promoted)
 WHERE id = $1`;

/** A live-or-not registration locked (registration row first: see the lock order in docs/registrations.md). */
export interface LockedRegistrationRow {
  id: string;
  event_id: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  share_with_cohosts: boolean;
}

/** The registration a cancel token's digest $1 belongs to, locked, with the stored digest to compare. */
export const LOCK_BY_CANCEL_TOKEN = `
SELECT t.token_hash, r.id, r.event_id, r.status, r.share_with_cohosts
  FROM registration_cancel_tokens t JOIN registrations r ON r.id = t.registration_id
 WHERE t.token_hash = $1
 FOR UPDATE OF r`;

/** Registration $1 of event $2, locked. */
export const LOCK_OF_EVENT = `
SELECT id, event_id, status, share_with_cohosts FROM registrations
 WHERE id = $1 AND event_id = $2
 FOR UPDATE`;

/**
 * Cancels registration $1 (by $2) and frees what it held on event $3: a
 * seat when $4 = 'confirmed', else a waitlist place. One statement, so the
 * counter moves exactly when the registration does.
 */
export const CANCEL_REGISTRATION = `
WITH cancelled AS (
  UPDATE registrations SET status = 'cancelled', cancelled_at = clock_timestamp(), cancelled_by = $2,
         updated_at = now()
   WHERE id = $1
  RETURNING id
)
UPDATE events SET confirmed_count = confirmed_count - CASE WHEN $4 = 'confirmed' THEN 1 ELSE 0 END,
                  waitlisted_count = waitlisted_count - CASE WHEN $4 = 'waitlisted' THEN 1 ELSE 0 END
 WHERE id = $3 AND EXISTS (SELECT 1 FROM cancelled)`;

/**
 * Closes the waitlist of cancelled event $1 at $2: waitlisted registrations
 * become `cancelled` by the event and the counter goes to 0, in one
 * statement. Confirmed ones stay, the record of who held a seat.
 */
export const CLOSE_WAITLIST = `
WITH closed AS (
  UPDATE registrations SET status = 'cancelled', cancelled_at = $2, cancelled_by = 'event', updated_at = now()
   WHERE event_id = $1 AND status = 'waitlisted'
  RETURNING id
)
UPDATE events SET waitlisted_count = 0 WHERE id = $1`;

/** The invitation of address $2 to event $1, locked, so the same code cannot be redeemed twice at once. */
export const LOCK_INVITATION = `
SELECT id, code_hash AS "codeHash", used_at AS "usedAt" FROM invitations
 WHERE event_id = $1 AND lower(email) = lower($2)
 FOR UPDATE`;

export interface InvitationRow {
  id: string;
  codeHash: Buffer | null;
  usedAt: Date | null;
}

/** Invitation $1 redeemed by registration $2. */
export const REDEEM_INVITATION = `UPDATE invitations SET used_at = now(), registration_id = $2 WHERE id = $1`;

/** The status of event $1, to say why a registration found no place. */
export const EVENT_STATUS = `SELECT status FROM events WHERE id = $1`;
