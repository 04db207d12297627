import { Outbox } from '@cohost/database';
import { EntityManager } from 'typeorm';

interface SeatRow {
  capacity: number | null;
  confirmed_count: number;
  open: boolean;
}

/**
 * Fills every free seat of an event from its waitlist, earliest first, in the
 * caller's transaction: registrations become `confirmed`, the counters move,
 * and one `registration.promoted` outbox row per promoted registrant is
 * written. Call it after anything that frees or adds seats (a cancellation, a
 * capacity increase in the events PATCH).
 *
 * Locks the event row first (the same order as registering), so concurrent
 * callers promote one after the other and never the same person twice; rows
 * locked by another transaction (a waitlisted registrant cancelling right
 * now) are skipped. Nobody is promoted into an event that is not published or
 * has ended (while it runs, a promoted late joiner can still join). Returns the
 * promoted registration ids in order.
 */
export async function promoteFromWaitlist(manager: EntityManager, eventId: string): Promise<string[]> {
  const [event] = (await manager.query(
    `SELECT capacity, confirmed_count, (status = 'published' AND ends_at > now()) AS open
       FROM events WHERE id = $1 FOR UPDATE`,
    [eventId],
  )) as SeatRow[];
  if (!event || !event.open) return [];
  const free = event.capacity === null ? null : event.capacity - event.confirmed_count;
  if (free !== null && free <= 0) return [];
  const rows = (await manager.query(
    `SELECT id FROM registrations
      WHERE event_id = $1 AND status = 'waitlisted'
      ORDER BY waitlisted_at, id
      LIMIT $2
      FOR UPDATE SKIP LOCKED`,
    [eventId, free],
  )) as Array<{ id: string }>;
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  await manager.query(
    `UPDATE registrations SET status = 'confirmed', confirmed_at = clock_timestamp(), updated_at = now()
      WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  await manager.query(
    `UPDATE events SET confirmed_count = confirmed_count + $2, waitlisted_count = waitlisted_count - $2
      WHERE id = $1`,
    [eventId, ids.length],
  );
  await Outbox.forRegistrations(manager, 'registration.promoted', ids);
  return ids;
}
