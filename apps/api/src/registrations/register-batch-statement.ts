import { OUTBOX_CHANNEL } from '@cohost/database';
import { BatchDecision } from '@cohost/domain';
import { RegisterStatementInput } from './register-statement';

/**
 * The statements of a batch of public registrations to ONE event, run in one
 * transaction by `RegistrationBatcher`:
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
 * 4. `WRITE_BATCH`: the registrations, their outbox rows (the same kind,
 *    dedupe key and data as `Outbox.forRegistrations`), the counters moved by
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
 * on the connection together (see `RegistrationBatcher`).
 */

/** The partial unique index that keeps one live registration per (event, address). */
export const LIVE_EMAIL_INDEX = 'registrations_active_email_key';

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
         'registration.' || r.status || ':' || r.id || ':' || $2::integer, r.email,
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

export type BatchRegistrant = Omit<RegisterStatementInput, 'eventId' | 'invitationId'>;

export interface PlannedWrite {
  registrant: BatchRegistrant;
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
