import { decideDelivery, decideSignInDelivery, DeliveryFacts } from './delivery-policy';

const facts = (overrides: Partial<DeliveryFacts> = {}): DeliveryFacts => ({
  kind: 'registration.confirmed',
  notificationSequence: 0,
  event: { status: 'published', sequence: 0 },
  registration: { status: 'confirmed' },
  ...overrides,
});

describe('decideDelivery', () => {
  it('gives confirmations and promotions the join link and a cancel link', () => {
    expect(decideDelivery(facts())).toEqual({ send: true, joinUrl: true, cancelLink: true });
    expect(decideDelivery(facts({ kind: 'registration.promoted' }))).toEqual({
      send: true,
      joinUrl: true,
      cancelLink: true,
    });
  });

  it('never shows the join link in waitlist, cancellation or invitation emails', () => {
    for (const kind of ['registration.cancelled', 'event.cancelled', 'invitation'] as const) {
      expect(decideDelivery(facts({ kind, registration: { status: 'cancelled' } }))).toMatchObject({
        send: true,
        joinUrl: false,
      });
    }
    expect(decideDelivery(facts({ kind: 'registration.waitlisted', registration: { status: 'waitlisted' } }))).toEqual({
      send: true,
      joinUrl: false,
      cancelLink: false,
    });
  });

  it('skips an update superseded by a later sequence, and sends the current one', () => {
    const stale = decideDelivery(
      facts({ kind: 'event.updated', notificationSequence: 1, event: { status: 'published', sequence: 2 } }),
    );
    expect(stale).toEqual({ send: false, reason: expect.stringContaining('superseded') });
    const current = decideDelivery(
      facts({ kind: 'event.updated', notificationSequence: 2, event: { status: 'published', sequence: 2 } }),
    );
    expect(current).toMatchObject({ send: true, joinUrl: true });
  });

  it('skips stale reminders and reminders of events no longer published', () => {
    expect(decideDelivery(facts({ kind: 'event.reminder', event: { status: 'published', sequence: 1 } })).send).toBe(
      false,
    );
    expect(decideDelivery(facts({ kind: 'event.reminder', event: { status: 'cancelled', sequence: 0 } })).send).toBe(
      false,
    );
    expect(decideDelivery(facts({ kind: 'event.reminder' })).send).toBe(true);
  });

  it('skips confirmations of registrations cancelled meanwhile and of cancelled events', () => {
    expect(decideDelivery(facts({ registration: { status: 'cancelled' } })).send).toBe(false);
    expect(decideDelivery(facts({ event: { status: 'cancelled', sequence: 1 } })).send).toBe(false);
    expect(decideDelivery(facts({ kind: 'registration.waitlisted', registration: { status: 'confirmed' } })).send).toBe(
      false,
    );
  });

  it('always sends cancellations', () => {
    expect(
      decideDelivery(
        facts({ kind: 'event.cancelled', notificationSequence: 3, event: { status: 'cancelled', sequence: 3 } }),
      ).send,
    ).toBe(true);
  });
});

describe('decideSignInDelivery', () => {
  const now = new Date('2026-12-03T09:00:00Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it('sends a fresh request of an address that may sign in', () => {
    expect(decideSignInDelivery({ requestedAt: ago(1), usedAt: null, mayStillSignIn: true, now })).toEqual({
      send: true,
    });
  });

  it.each([
    ['used', { requestedAt: ago(1), usedAt: ago(0), mayStillSignIn: true }, /already used/],
    ['no longer allowed', { requestedAt: ago(1), usedAt: null, mayStillSignIn: false }, /no longer belongs/],
    ['too old', { requestedAt: ago(61), usedAt: null, mayStillSignIn: true }, /older than 60 minutes/],
  ])('skips a request %s', (_, facts, reason) => {
    const decision = decideSignInDelivery({ ...facts, now });
    expect(decision.send).toBe(false);
    expect(decision.send === false && decision.reason).toMatch(reason);
  });
});
