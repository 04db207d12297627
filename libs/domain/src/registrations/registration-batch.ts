/**
 * The event as a batch of registrations finds it, read under the event row's
 * lock (so nobody else moves the counters while the batch decides).
 */
export interface BatchEventState {
  status: string;
  capacity: number | null;
  confirmedCount: number;
  waitlistedCount: number;
  waitlist: boolean;
}

export type BatchDecision =
  | { outcome: 'confirmed' }
  | { outcome: 'waitlisted'; position: number }
  /** A live registration of the address exists, or an earlier item of the batch has it. */
  | { outcome: 'duplicate' }
  /** No seat left and no waitlist. */
  | { outcome: 'full' }
  /** The registrant's member organization used its `seatsPerOrganization` and the event has no waitlist. */
  | { outcome: 'organization_full' }
  /** The event is no longer published (cancelled meanwhile, or unpublished). */
  | { outcome: 'closed' };

/**
 * The per-organization cap of a members event (`seatsPerOrganization`), read
 * under the event row's lock: each item's organization (null: none), and the
 * confirmed seats each organization already holds.
 */
export interface OrganizationSeats {
  cap: number;
  organizationOf: ReadonlyArray<string | null>;
  confirmed: ReadonlyMap<string, number>;
}

export interface BatchPlan {
  decisions: BatchDecision[];
  confirmed: number;
  waitlisted: number;
}

/**
 * Decides a batch of registrations to one event, in arrival order, exactly
 * as the same registrations one after the other would have been decided by
 * the one-statement path (`REGISTER_STATEMENT` of the api's
 * registration-writes.sql.ts): each takes a seat while
 * `confirmedCount < capacity`, else joins the waitlist (position = the
 * waitlist's length after it, so 1..k in a batch), else is refused as full;
 * an address that is already live (`liveKeys`) or was taken by an earlier
 * item of the batch is a duplicate and takes nothing. Like the single path,
 * "full" is answered before "duplicate" (there the seat update comes before
 * the insert that would hit the unique index). With `organizations` (a
 * members event with `seatsPerOrganization`), an item whose organization
 * holds `cap` confirmed seats takes no seat either: waitlisted when the event
 * has a waitlist, else refused (`organization_full`).
 *
 * `emailKeys` are the case-folded addresses of the items (folded as the unique index folds them).
 */
export function decideRegistrationBatch(
  event: BatchEventState,
  emailKeys: readonly string[],
  liveKeys: ReadonlySet<string>,
  organizations?: OrganizationSeats,
): BatchPlan {
  if (event.status !== 'published') {
    return { decisions: emailKeys.map(() => ({ outcome: 'closed' })), confirmed: 0, waitlisted: 0 };
  }
  const taken = new Set(liveKeys);
  let confirmed = 0;
  let waitlisted = 0;
  const byOrganization = new Map(organizations?.confirmed);
  const decisions = emailKeys.map((key, i): BatchDecision => {
    const organization = organizations?.organizationOf[i] ?? null;
    const organizationRoom =
      !organizations || organization === null || (byOrganization.get(organization) ?? 0) < organizations.cap;
    const seat = organizationRoom && (event.capacity === null || event.confirmedCount + confirmed < event.capacity);
    if (!seat && !event.waitlist) return { outcome: organizationRoom ? 'full' : 'organization_full' };
    if (taken.has(key)) return { outcome: 'duplicate' };
    taken.add(key);
    if (seat) {
      confirmed++;
      if (organization !== null) byOrganization.set(organization, (byOrganization.get(organization) ?? 0) + 1);
      return { outcome: 'confirmed' };
    }
    waitlisted++;
    return { outcome: 'waitlisted', position: event.waitlistedCount + waitlisted };
  });
  return { decisions, confirmed, waitlisted };
}
