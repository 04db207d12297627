import { decideDelivery, EventDeliveryFacts } from './delivery-policy';
import { EVENT_NOTIFICATION_KINDS, notificationKind } from './notification-kinds';

const facts = (overrides: Partial<EventDeliveryFacts> = {}): EventDeliveryFacts => ({
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
  });

  it('gives the waitlist email a cancel link (the way off the waitlist) and no join link', () => {
    expect(decideDelivery(facts({ kind: 'registration.waitlisted', registration: { status: 'waitlisted' } }))).toEqual({
      send: true,
      joinUrl: false,
      cancelLink: true,
    });
  });

  it('tells waitlisted registrants of a cancelled event, without links', () => {
    expect(
      decideDelivery(
        facts({
          kind: 'event.cancelled.waitlisted',
          event: { status: 'cancelled', sequence: 1 },
          registration: { status: 'cancelled' },
        }),
      ),
    ).toEqual({ send: true, joinUrl: false, cancelLink: false });
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

  describe('suppressed addresses (one-click unsubscribe, hard bounces)', () => {
    const bulk = EVENT_NOTIFICATION_KINDS.filter((kind) => notificationKind(kind).listUnsubscribe);
    const transactional = EVENT_NOTIFICATION_KINDS.filter((kind) => !notificationKind(kind).listUnsubscribe);

    it('declares invitations as bulk and every registration email as transactional', () => {
      expect(bulk).toContain('invitation');
      expect(transactional).toEqual(
        expect.arrayContaining([
          'registration.confirmed',
          'event.updated',
          'event.cancelled',
          'registration.cancelled',
        ]),
      );
    });

    it.each(bulk)('skips %s to an unsubscribed or bounced address', (kind) => {
      const registration = kind === 'invitation' ? null : { status: 'confirmed' as const };
      expect(decideDelivery(facts({ kind, registration, suppression: 'unsubscribed' }))).toEqual({
        send: false,
        reason: 'the address unsubscribed from such emails',
      });
      expect(decideDelivery(facts({ kind, registration, suppression: 'hard_bounce' }))).toMatchObject({ send: false });
      expect(decideDelivery(facts({ kind, registration, suppression: null }))).toMatchObject({ send: true });
    });

    it.each(transactional)('still sends %s (transactional)', (kind) => {
      const decision = decideDelivery(
        facts({ kind, registration: { status: 'confirmed' }, suppression: 'unsubscribed' }),
      );
      expect(decision).toEqual(decideDelivery(facts({ kind, registration: { status: 'confirmed' } })));
    });
  });

  it('sends nothing of any kind to an erased person', () => {
    for (const kind of EVENT_NOTIFICATION_KINDS) {
      const registration = kind === 'invitation' ? null : { status: 'confirmed' as const };
      expect(decideDelivery(facts({ kind, registration, recipient: 'erased-7c1@invalid' }))).toEqual({
        send: false,
        reason: 'the recipient was erased',
      });
    }
    expect(decideDelivery(facts({ recipient: 'someone@example.org' }))).toMatchObject({ send: true });
  });
});

describe('decideDelivery of console.sign_in (the catalogue: link for 15 minutes, sent within 60)', () => {
  const now = new Date('2026-12-03T09:00:00Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const signIn = (requestedAt: Date, usedAt: Date | null, mayStillSignIn: boolean) =>
    decideDelivery({ kind: 'console.sign_in', signIn: { requestedAt, usedAt, mayStillSignIn }, now });

  it('sends a fresh request of an address that may sign in, with neither join nor cancel link', () => {
    expect(signIn(ago(1), null, true)).toEqual({ send: true, joinUrl: false, cancelLink: false });
    expect(signIn(ago(60), null, true).send).toBe(true);
  });

  it.each([
    ['used', ago(1), ago(0), true, /already used/],
    ['no longer allowed', ago(1), null, false, /no longer belongs/],
    ['too old', ago(61), null, true, /older than 60 minutes/],
  ])('skips a request %s', (_, requestedAt, usedAt, may, reason) => {
    const decision = signIn(requestedAt, usedAt, may);
    expect(decision.send).toBe(false);
    expect(decision.send === false && decision.reason).toMatch(reason);
  });
});

describe('decideDelivery of webhook.endpoint_disabled (to the partner contact)', () => {
  const kind = 'webhook.endpoint_disabled' as const;

  it('goes to the partner contact, whatever happened since, with no links of an event', () => {
    expect(decideDelivery({ kind, partner: { contactEmail: 'it@partner.example' } })).toEqual({
      send: true,
      joinUrl: false,
      cancelLink: false,
    });
  });

  it('is skipped once the partner is gone', () => {
    expect(decideDelivery({ kind, partner: null })).toEqual({ send: false, reason: 'the partner no longer exists' });
  });
});
