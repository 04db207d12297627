import { EntityManager } from 'typeorm';

/**
 * What the events module must do to an event's waitlist inside its own
 * transactions, with the event row locked. The registrations module owns
 * every registration write and provides this token (the events module cannot
 * import it back): raising capacity promotes waitlisted registrants (SPEC
 * rule 5); cancelling the event closes its waitlist.
 */
export interface EventWaitlist {
  /** Fills freed seats from the waitlist; returns how many registrants were promoted. */
  promoteAfterCapacityChange(manager: EntityManager, eventId: string): Promise<number>;
  /** Waitlisted registrations become `cancelled` (`cancelled_by = 'event'`) and the counter goes to 0. */
  closeForCancelledEvent(manager: EntityManager, eventId: string, now: Date): Promise<void>;
}

export const EVENT_WAITLIST = Symbol('EVENT_WAITLIST');
