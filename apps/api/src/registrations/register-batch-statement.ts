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
 *    the event is in flight and none can start before our COMMIT;
 * 2. `LIVE_EMAILS`: which addresses of the batch are already live, read in a
 *    new snapshot after the lock, so it sees whatever the previous holder of
 *    the lock committed;
 * 3. the decision in arrival order (`decideRegistrationBatch`, libs/domain);
 * 4. `WRITE_BATCH`: the registrations, their outbox rows (the same kind,
 *    dedupe key and data as `Outbox.forRegistrations`), the counters moved by
 *    what was actually inserted, and one NOTIFY for the batch.
 *
 * `FAST_WRITE_BATCH` is the same write in ONE statement, for a batch decided
 * on the event's state as the previous batch of this process left it; it
 * proves that state current under the row lock instead of reading it.
 *
 * The INSERT still names the partial unique index as its arbiter (`ON
 * CONFLICT ... DO NOTHING`), a backstop that should never fire: should a live
 * row appear that step 2 did not see, it is skipped instead of failing,
 * the counters stay equal to the rows, and the caller notices the missing
 * row, rolls back and falls back to the one-by-one path.
 */
export const LOCK_EVENT = `
SELECT status, capacity, confirmed_count, waitlisted_count, waitlist, sequence, xmin::text AS version
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

const INPUT = `
input AS (
  SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::boolean[],
                       $10::text[], $11::integer[])
    WITH ORDINALITY AS i(email, name, organization, locale, timezone, via_partner_id, share_with_cohosts,
                         status, position, ord)
)`;

/**
 * Waitlist order is `(waitlisted_at, id)`, so the batch's waitlisted rows get
 * strictly increasing times in arrival order (one microsecond apart), never
 * earlier than anyone already waiting, whatever the clock's resolution.
 */
const BASE_TIME = `
  SELECT greatest(clock_timestamp(),
                  (SELECT max(waitlisted_at) + interval '1 microsecond' FROM registrations
                    WHERE event_id = $1 AND status = 'waitlisted')) AS at`;

const REGISTRATION_AND_OUTBOX = `
registration AS (
  INSERT INTO registrations (event_id, email, name, organization, locale, timezone, via_partner_id,
                             share_with_cohosts, status, confirmed_at, waitlisted_at)
  SELECT $1, i.email, i.name, i.organization, i.locale, i.timezone, i.via_partner_id, i.share_with_cohosts, i.status,
         CASE WHEN i.status = 'confirmed' THEN b.at END,
         CASE WHEN i.status = 'waitlisted' THEN b.at + (i.ord - 1) * interval '1 microsecond' END
    FROM input i CROSS JOIN base b
   ORDER BY i.ord
  ON CONFLICT (event_id, lower(email)) WHERE status <> 'cancelled' DO NOTHING
  RETURNING id, status, email
), outbox AS (
  INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
  SELECT 'registration.' || r.status, $1, r.id, $2::integer,
         'registration.' || r.status || ':' || r.id || ':' || $2::integer, r.email,
         CASE WHEN i.position IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('waitlistPosition', i.position) END
    FROM registration r JOIN input i ON i.email = r.email
  ON CONFLICT (dedupe_key) DO NOTHING
)`;

/**
 * Step 4 of the locked transaction. Parameters: $1 event id, $2 event
 * sequence, then one array per column, in arrival order: $3 email, $4 name,
 * $5 organization, $6 locale, $7 timezone, $8 via partner id, $9 share with
 * co-hosts, $10 status, $11 waitlist position. One row per inserted
 * registration, with the event row's new version and counters.
 */
export const WRITE_BATCH = `
WITH ${INPUT}, base AS (${BASE_TIME}
), ${REGISTRATION_AND_OUTBOX}, counters AS (
  UPDATE events
     SET confirmed_count = confirmed_count + (SELECT count(*) FROM registration WHERE status = 'confirmed'),
         waitlisted_count = waitlisted_count + (SELECT count(*) FROM registration WHERE status = 'waitlisted')
   WHERE id = $1
  RETURNING xmin::text AS version, confirmed_count, waitlisted_count
)
SELECT r.id, i.ord::integer AS ord, c.version, c.confirmed_count, c.waitlisted_count,
       (SELECT pg_notify('${OUTBOX_CHANNEL}', '')) AS woken
  FROM registration r JOIN input i ON i.email = r.email CROSS JOIN counters c`;

/**
 * The whole batch in one statement (one round trip, its own transaction),
 * for a batch decided on a remembered state of the event: the counter UPDATE
 * takes the row lock and applies only if the row is still the version this
 * process last wrote or read under the lock (`xmin` = $12; after waiting for
 * the lock, PostgreSQL re-checks the condition on the newest version). Every
 * change to the event row (any registration, cancellation, promotion, edit)
 * makes a new version, so a match proves the remembered counters, status,
 * capacity and waitlist flag current, and the positions decided on them
 * exact. Then the base time is taken (after the lock, since it reads the
 * `counters` row) and the rows are inserted.
 *
 * Duplicates were not looked up: the unique index's arbiter finds any live
 * one (committed, or waited for if in flight) and skips the row; fewer rows
 * than $15 then fails the statement on purpose (22P02, naming the batch
 * conflict), rolling everything back, and the caller takes the locked path,
 * which answers 409. No row at all: the version did not match, nothing was
 * written. Further parameters: $13 and $14, the counters' increments.
 */
export const FAST_WRITE_BATCH = `
WITH counters AS (
  UPDATE events
     SET confirmed_count = confirmed_count + $13::integer, waitlisted_count = waitlisted_count + $14::integer
   WHERE id = $1 AND xmin = $12::text::xid
  RETURNING xmin::text AS version, confirmed_count, waitlisted_count
), ${INPUT}, base AS (${BASE_TIME}
    FROM counters
), ${REGISTRATION_AND_OUTBOX}
SELECT r.id, i.ord::integer AS ord, c.version, c.confirmed_count, c.waitlisted_count,
       CASE WHEN (SELECT count(*) FROM registration) = $15::integer THEN 0
            ELSE ('batch conflict: ' || (SELECT count(*) FROM registration))::integer END AS checked,
       (SELECT pg_notify('${OUTBOX_CHANNEL}', '')) AS woken
  FROM counters c LEFT JOIN (registration r JOIN input i ON i.email = r.email) ON true`;

export interface LockedEventRow {
  status: string;
  capacity: number | null;
  confirmed_count: number;
  waitlisted_count: number;
  waitlist: boolean;
  sequence: number;
  version: string;
}

export interface WrittenRow {
  /** Null only in the row FAST_WRITE_BATCH answers when nothing was inserted (it then fails). */
  id: string | null;
  /** 1-based index into the written items. */
  ord: number | null;
  version: string;
  confirmed_count: number;
  waitlisted_count: number;
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
