import { isErasedAddress } from '../privacy/link-tokens';
import {
  notificationKind,
  type ConsoleUserNotificationKind,
  type EventNotificationKind,
  type PartnerNotificationKind,
  type RegistrationState,
} from './notification-kinds';

/**
 * Whether a queued email still goes out when its job runs, and what it may
 * show. The worker asks this after loading the row, the event and the
 * registration (or the console's sign-in request) as they are now, because
 * time passes between the change that wrote the outbox row and the send. The
 * rules per kind are the catalogue's (`NOTIFICATION_CATALOGUE`); this applies
 * them.
 */

/** The facts of an email about an event (registrants and invitees). */
export interface EventDeliveryFacts {
  kind: EventNotificationKind;
  /** The event's sequence when the row was written. */
  notificationSequence: number;
  event: { status: 'draft' | 'published' | 'cancelled'; sequence: number };
  /** null for invitations. */
  registration: { status: RegistrationState } | null;
  /** Why the recipient's address gets no bulk mail (`mail_suppressions`), if it is suppressed. */
  suppression?: 'unsubscribed' | 'hard_bounce' | null;
  /** The recipient's address as it is now (an erased person's placeholder is never written to). */
  recipient?: string;
}

/** The facts of an email to a console user: its sign-in request as it is now. */
export interface ConsoleUserDeliveryFacts {
  kind: ConsoleUserNotificationKind;
  signIn: {
    requestedAt: Date;
    usedAt: Date | null;
    /** Whether the address still belongs to a hub admin or an active organizer. */
    mayStillSignIn: boolean;
  };
  now: Date;
}

/** The facts of a notice to a partner's contact address: the partner as it is now (null once it is gone). */
export interface PartnerDeliveryFacts {
  kind: PartnerNotificationKind;
  partner: { contactEmail: string } | null;
}

export type DeliveryFacts = EventDeliveryFacts | ConsoleUserDeliveryFacts | PartnerDeliveryFacts;

export type DeliveryDecision = { send: true; joinUrl: boolean; cancelLink: boolean } | { send: false; reason: string };

const skip = (reason: string): DeliveryDecision => ({ send: false, reason });

export function decideDelivery(facts: DeliveryFacts): DeliveryDecision {
  if ('signIn' in facts) return decideConsoleUser(facts);
  return 'partner' in facts ? decidePartner(facts) : decideEvent(facts);
}

/** A partner notice goes to the contact address the partner has when it is sent. */
function decidePartner({ partner }: PartnerDeliveryFacts): DeliveryDecision {
  if (!partner) return skip('the partner no longer exists');
  if (isErasedAddress(partner.contactEmail)) return skip('the recipient was erased');
  return { send: true, joinUrl: false, cancelLink: false };
}

function decideEvent(facts: EventDeliveryFacts): DeliveryDecision {
  const { event, registration } = facts;
  const spec = notificationKind(facts.kind);
  if (facts.recipient !== undefined && isErasedAddress(facts.recipient)) return skip('the recipient was erased');
  if (spec.listUnsubscribe && facts.suppression) {
    return skip(
      facts.suppression === 'unsubscribed'
        ? 'the address unsubscribed from such emails'
        : 'the address bounced (SMTP 5xx) earlier',
    );
  }
  // A later change superseded this one; the later email carries the latest state.
  if (spec.supersededByLaterSequence && facts.notificationSequence < event.sequence) {
    return skip(`superseded: the event is at sequence ${event.sequence}, this email is ${facts.notificationSequence}`);
  }
  if (spec.onlyWhilePublished && event.status !== 'published') return skip(`the event is ${event.status}`);
  if (!spec.afterEventCancelled && event.status === 'cancelled') {
    return skip('the event was cancelled before this email went out');
  }
  if (spec.sendsTo && !spec.sendsTo.some((state) => state === registration?.status)) {
    return skip(`the registration is ${registration?.status ?? 'gone'} now`);
  }
  const confirmed = registration?.status === 'confirmed';
  return {
    send: true,
    // Confirmations and promotions are rendered with the event as it is now (current SEQUENCE).
    joinUrl: spec.joinLink && confirmed,
    cancelLink: spec.cancelLink && registration !== null && registration.status !== 'cancelled',
  };
}

/** A sign-in link goes out once, to someone who may still sign in, soon after the request. */
function decideConsoleUser({ kind, signIn, now }: ConsoleUserDeliveryFacts): DeliveryDecision {
  const window = notificationKind(kind).signInLink?.sendWithinMinutes;
  if (signIn.usedAt) return skip('the sign-in link was already used');
  if (!signIn.mayStillSignIn) return skip('the address no longer belongs to a hub admin or an active organizer');
  if (window !== undefined && now.getTime() - signIn.requestedAt.getTime() > window * 60_000) {
    return skip(`the request is older than ${window} minutes`);
  }
  return { send: true, joinUrl: false, cancelLink: false };
}
