import type { Caller } from '../../auth/caller';

/** Who is using the console: the person of the session and the role they chose. */
export interface ConsoleActor {
  sessionId: string;
  email: string;
  role: 'admin' | 'organizer';
  organizerId?: string;
  partnerId?: string;
  partnerSlug?: string;
  /** The session's CSRF token: the hidden `_csrf` of every console form. */
  csrfToken: string;
}

/**
 * The JSON API's `Caller` for a console actor, so console pages call the
 * API's services (EventsService, CohostsService, EventAccessService...)
 * with the same authorization rules: no rule exists twice.
 */
export function callerOf(actor: ConsoleActor): Caller {
  if (actor.role === 'admin') return { role: 'admin', email: actor.email };
  if (!actor.organizerId || !actor.partnerId || !actor.partnerSlug) {
    throw new Error('An organizer actor without organizer and partner');
  }
  return {
    role: 'organizer',
    organizerId: actor.organizerId,
    email: actor.email,
    partnerId: actor.partnerId,
    partnerSlug: actor.partnerSlug,
  };
}
