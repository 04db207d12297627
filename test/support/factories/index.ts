/**
 * Builders of test data. Partners, agreements and organizers go through the
 * API (as the hub admin); events and co-host rows are inserted directly with
 * one set of defaults (`eventRow`). The older helpers `seedEvent` and
 * `addCohost` of `registrations.ts` and `notify-fixtures.ts` are thin
 * wrappers over these, kept so that specs written against them still work.
 */
export * from './events';
export * from './partners';
export * from './outbox';
