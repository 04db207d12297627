/**
 * Whether a queued email still goes out when its job runs, and what it may
 * show. The worker asks this after loading the row, the event and the
 * registration as they are now, because time passes between the change that
 * wrote the outbox row and the send.
 */

export type NotificationKindName =
  | 'registration.confirmed'
  | 'registration.waitlisted'
  | 'registration.promoted'
  | 'registration.cancelled'
  | 'event.updated'
  | 'event.cancelled'
  | 'event.reminder'
  | 'invitation';

export interface DeliveryFacts {
  kind: NotificationKindName;
  /** The event's sequence when the row was written. */
  notificationSequence: number;
  event: { status: 'draft' | 'published' | 'cancelled'; sequence: number };
  /** null for invitations. */
  registration: { status: 'confirmed' | 'waitlisted' | 'cancelled' } | null;
}

export type DeliveryDecision = { send: true; joinUrl: boolean; cancelLink: boolean } | { send: false; reason: string };

const skip = (reason: string): DeliveryDecision => ({ send: false, reason });

export function decideDelivery(facts: DeliveryFacts): DeliveryDecision {
  const { kind, event, registration } = facts;
  const confirmed = registration?.status === 'confirmed';
  const cancelledEvent = event.status === 'cancelled';
  switch (kind) {
    case 'registration.confirmed':
    case 'registration.promoted':
      if (cancelledEvent) return skip('the event was cancelled before this email went out');
      if (!confirmed) return skip(`the registration is ${registration?.status ?? 'gone'} now`);
      // Rendered with the event as it is now (current SEQUENCE), so a confirmation queued
      // before a reschedule still puts the right time in the calendar.
      return { send: true, joinUrl: true, cancelLink: true };
    case 'registration.waitlisted':
      if (cancelledEvent) return skip('the event was cancelled before this email went out');
      if (registration?.status !== 'waitlisted')
        return skip(`the registration is ${registration?.status ?? 'gone'} now`);
      return { send: true, joinUrl: false, cancelLink: false };
    case 'registration.cancelled':
    case 'event.cancelled':
      // Always goes out: it removes the entry from the recipient's calendar.
      return { send: true, joinUrl: false, cancelLink: false };
    case 'event.updated':
      // A later change superseded this one; its own update email carries the latest state
      // (two REQUESTs with the same SEQUENCE would be a duplicate in calendars).
      if (facts.notificationSequence < event.sequence) {
        return skip(
          `superseded: the event is at sequence ${event.sequence}, this update is ${facts.notificationSequence}`,
        );
      }
      if (cancelledEvent) return skip('the event was cancelled before this email went out');
      if (!confirmed) return skip(`the registration is ${registration?.status ?? 'gone'} now`);
      return { send: true, joinUrl: true, cancelLink: false };
    case 'event.reminder':
      // The event changed after the reminder fanned out: the new schedule sends its own.
      if (facts.notificationSequence < event.sequence) {
        return skip(
          `stale: the event is at sequence ${event.sequence}, this reminder is ${facts.notificationSequence}`,
        );
      }
      if (event.status !== 'published') return skip(`the event is ${event.status}`);
      if (!confirmed) return skip(`the registration is ${registration?.status ?? 'gone'} now`);
      return { send: true, joinUrl: true, cancelLink: false };
    case 'invitation':
      if (cancelledEvent) return skip('the event was cancelled before this email went out');
      return { send: true, joinUrl: false, cancelLink: false };
  }
}

/** How long a console sign-in link works once its email is sent. */
export const SIGN_IN_LINK_MINUTES = 15;
/** A sign-in email not sent within this long after the request is dropped: the person has asked again or given up. */
export const SIGN_IN_SEND_WINDOW_MINUTES = 60;

export interface SignInDeliveryFacts {
  requestedAt: Date;
  usedAt: Date | null;
  /** Whether the address still belongs to a hub admin or an active organizer. */
  mayStillSignIn: boolean;
  now: Date;
}

/** Whether a `console.sign_in` email still goes out when its job runs. */
export function decideSignInDelivery(facts: SignInDeliveryFacts): { send: true } | { send: false; reason: string } {
  if (facts.usedAt) return { send: false, reason: 'the sign-in link was already used' };
  if (!facts.mayStillSignIn) {
    return { send: false, reason: 'the address no longer belongs to a hub admin or an active organizer' };
  }
  if (facts.now.getTime() - facts.requestedAt.getTime() > SIGN_IN_SEND_WINDOW_MINUTES * 60_000) {
    return { send: false, reason: `the request is older than ${SIGN_IN_SEND_WINDOW_MINUTES} minutes` };
  }
  return { send: true };
}
