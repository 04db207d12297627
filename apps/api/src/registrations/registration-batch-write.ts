import { decideRegistrationBatch, OrganizationSeats } from '@cohost/domain';
import { PoolClient } from 'pg';
import { RegistrationCreatedDto } from './dto/register.dto';
import { noPlace, organizationFull, registrationExists } from './registration-refusals';
import {
  AddressRow,
  LIVE_EMAILS,
  LOCK_EVENT,
  LockedEventRow,
  ORGANIZATION_SEATS,
  PlannedWrite,
  Registrant,
  WRITE_BATCH,
  writeBatchParameters,
  WrittenRow,
} from './registration-writes.sql';

/** One item's answer: its registration, or its own error (409/422 as when written alone). */
export type RegistrationAnswer = { ok: true; value: RegistrationCreatedDto } | { ok: false; error: unknown };

/**
 * The body of a batch's transaction on `client` (part of
 * `RegistrationWritesRepository`, which alone calls it and handles the
 * rollback and retries): BEGIN queued with the event row's lock, the live
 * addresses looked up in `checked` mode, the decision in arrival order
 * (`decideRegistrationBatch`), then the write queued with its COMMIT.
 */
export async function writeBatch(
  client: PoolClient,
  eventId: string,
  registrants: readonly Registrant[],
  mode: 'optimistic' | 'checked',
): Promise<RegistrationAnswer[]> {
  const emails = registrants.map((registrant) => registrant.email);
  const [, locked] = await Promise.all([
    client.query('BEGIN'),
    client.query<LockedEventRow>(LOCK_EVENT, [eventId, emails]),
  ]);
  const [event] = locked.rows;
  if (!event) {
    await client.query('COMMIT');
    return registrants.map(() => ({ ok: false, error: noPlace(undefined) }));
  }
  const live =
    mode === 'checked'
      ? (await client.query<AddressRow>(LIVE_EMAILS, [eventId, emails])).rows
          .filter((row) => row.live)
          .map((row) => row.key)
      : [];
  const organizations = await organizationSeats(client, eventId, event, registrants);
  const plan = decideRegistrationBatch(
    {
      status: event.status,
      capacity: event.capacity,
      confirmedCount: event.confirmed_count,
      waitlistedCount: event.waitlisted_count,
      waitlist: event.waitlist,
    },
    event.keys,
    new Set(live),
    organizations,
  );
  const writes: PlannedWrite[] = [];
  const writeIndex: number[] = [];
  plan.decisions.forEach((decision, i) => {
    if (decision.outcome === 'confirmed' || decision.outcome === 'waitlisted') {
      writeIndex[i] = writes.length;
      writes.push({ registrant: registrants[i], decision });
    }
  });
  const ids: string[] = [];
  const written =
    writes.length > 0
      ? client.query<WrittenRow>(WRITE_BATCH, writeBatchParameters(eventId, event.sequence, writes))
      : undefined;
  const [write, commit] = await Promise.allSettled([written, client.query('COMMIT')]);
  if (write.status === 'rejected') throw write.reason;
  if (commit.status === 'rejected') throw commit.reason;
  for (const row of write.value?.rows ?? []) ids[row.ord - 1] = row.id;
  return plan.decisions.map((decision, i): RegistrationAnswer => {
    switch (decision.outcome) {
      case 'confirmed':
        return { ok: true, value: { id: ids[writeIndex[i]], status: 'confirmed' } };
      case 'waitlisted':
        return {
          ok: true,
          value: { id: ids[writeIndex[i]], status: 'waitlisted', waitlistPosition: decision.position },
        };
      case 'duplicate':
        return { ok: false, error: registrationExists() };
      case 'full':
      case 'closed':
        return { ok: false, error: noPlace(event.status) };
      case 'organization_full':
        return { ok: false, error: organizationFull() };
    }
  });
}

/**
 * On a members event with `seatsPerOrganization`, the seats the batch's
 * organizations hold, read after the event row's lock (a statement of its
 * own, so its snapshot sees what the lock's previous holder committed);
 * undefined otherwise, without a query.
 */
async function organizationSeats(
  client: PoolClient,
  eventId: string,
  event: LockedEventRow,
  registrants: readonly Registrant[],
): Promise<OrganizationSeats | undefined> {
  const cap = event.seats_per_organization;
  const organizationOf = registrants.map((r) => r.memberOrganizationId);
  const ids = [...new Set(organizationOf.filter((id): id is string => id !== null))];
  if (cap === null || ids.length === 0) return undefined;
  const { rows } = await client.query<{ organization_id: string; confirmed_count: number }>(ORGANIZATION_SEATS, [
    eventId,
    ids,
  ]);
  return { cap, organizationOf, confirmed: new Map(rows.map((r) => [r.organization_id, r.confirmed_count])) };
}
