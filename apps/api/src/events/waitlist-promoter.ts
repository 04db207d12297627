import { EntityManager } from 'typeorm';

/**
 * Raising an event's capacity must promote waitlisted registrants in the
 * same transaction (SPEC rule 5). The registrations module owns promotion
 * and provides this token; the events module calls it after raising
 * capacity, inside its transaction, with the event row locked.
 */
export interface WaitlistPromoter {
  promoteAfterCapacityChange(manager: EntityManager, eventId: string): Promise<void>;
}

export const WAITLIST_PROMOTER = Symbol('WAITLIST_PROMOTER');
