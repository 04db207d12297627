/**
 * Object-level authorization for events, in one place: who may do what to
 * which event. Pure, so the whole matrix is unit-tested without Nest; the api
 * enforces it through `EventAccessService`.
 */

export type EventAction =
  /** See the event (a draft only as a party to it). */
  | 'read'
  /** See organizer-only fields: joinUrl. */
  | 'read_private'
  | 'edit'
  | 'publish'
  | 'cancel'
  /** Invite or remove co-hosts. */
  | 'manage_cohosts'
  /** Accept or decline an invitation to co-host. */
  | 'respond_cohost'
  | 'view_registrations'
  | 'cancel_registration'
  | 'invite'
  | 'view_notifications'
  /** Define the registration questions (the host's organizers only: issue 14). */
  | 'manage_questions'
  /**
   * Email an announcement to registrants (`event.announcement`): the host's
   * organizers reach every registrant of the chosen audience, an accepted
   * co-host's only those who consented to share with co-hosts (SPEC rule 6).
   */
  | 'announce';

export type Actor = { kind: 'admin' } | { kind: 'organizer'; partnerId: string } | { kind: 'public' };

export interface EventParties {
  hostPartnerId: string;
  status: 'draft' | 'published' | 'cancelled';
  cohosts: ReadonlyArray<{ partnerId: string; status: 'pending' | 'accepted' | 'declined' | 'ended' }>;
}

export type Relation =
  | 'admin'
  | 'host'
  | 'cohost'
  | 'pending_cohost'
  | 'declined_cohost'
  /** Its agreement ended before the event: it sees what the public sees, nothing more. */
  | 'ended_cohost'
  | 'outsider';

export function relationTo(actor: Actor, event: EventParties): Relation {
  if (actor.kind === 'admin') return 'admin';
  if (actor.kind === 'public') return 'outsider';
  if (actor.partnerId === event.hostPartnerId) return 'host';
  const cohost = event.cohosts.find((c) => c.partnerId === actor.partnerId);
  if (!cohost) return 'outsider';
  if (cohost.status === 'accepted') return 'cohost';
  if (cohost.status === 'ended') return 'ended_cohost';
  return cohost.status === 'pending' ? 'pending_cohost' : 'declined_cohost';
}

const ALLOWED: Record<Relation, ReadonlySet<EventAction>> = {
  host: new Set<EventAction>([
    'read',
    'read_private',
    'edit',
    'publish',
    'cancel',
    'manage_cohosts',
    'manage_questions',
    'view_registrations',
    'cancel_registration',
    'invite',
    'view_notifications',
    'announce',
  ]),
  cohost: new Set<EventAction>([
    'read',
    'read_private',
    'edit',
    'publish',
    'cancel',
    'view_registrations',
    'cancel_registration',
    'invite',
    'view_notifications',
    'announce',
  ]),
  // An invited partner must see the (possibly draft) event to decide.
  pending_cohost: new Set<EventAction>(['read', 'respond_cohost']),
  declined_cohost: new Set<EventAction>(['read']),
  ended_cohost: new Set<EventAction>(['read']),
  admin: new Set<EventAction>(['read', 'read_private', 'view_registrations', 'view_notifications']),
  outsider: new Set<EventAction>(['read']),
};

export type AccessDecision =
  { allowed: true; relation: Relation } | { allowed: false; relation: Relation; status: 403 | 404 };

/**
 * May `actor` do `action` to `event`? A refusal is 404 when the actor may not
 * even know the event exists (a draft they are no party to), 403 otherwise.
 */
export function decideEventAccess(actor: Actor, event: EventParties, action: EventAction): AccessDecision {
  const relation = relationTo(actor, event);
  // An ended co-host is an outsider again for drafts: it may not see an event it no longer co-hosts.
  const visible = (relation !== 'outsider' && relation !== 'ended_cohost') || event.status !== 'draft';
  if (!visible) return { allowed: false, relation, status: 404 };
  if (ALLOWED[relation].has(action)) return { allowed: true, relation };
  return { allowed: false, relation, status: 403 };
}
