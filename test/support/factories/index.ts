/**
 * Builders of test data. Partners, agreements and organizers go through the
 * API (as the hub admin); events and co-host rows are inserted directly with
 * one set of defaults (`eventRow`); a spec states whatever else its
 * event needs (capacity, waitlist, reminders...) as overrides.
 */
export * from './events';
export * from './partners';
export * from './outbox';
