const EVENT_ID = /^[A-Za-z0-9._-]+$/;

/**
 * The calendar UID of an event: the same in every file ever sent for it
 * (invitations, updates, cancellations, public feeds), so calendars update
 * the entry instead of adding one. Independent of configuration (a changed
 * sender domain must not fork the UID) and made only of `[A-Za-z0-9._@-]`.
 */
export function calendarUid(eventId: string): string {
  if (!EVENT_ID.test(eventId)) throw new Error(`Event id unusable in a calendar UID: ${JSON.stringify(eventId)}`);
  return `${eventId}@cohost`;
}
