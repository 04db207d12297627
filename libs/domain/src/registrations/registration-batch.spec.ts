import { BatchEventState, decideRegistrationBatch } from './registration-batch';

const event = (overrides: Partial<BatchEventState> = {}): BatchEventState => ({
  status: 'published',
  capacity: 3,
  confirmedCount: 0,
  waitlistedCount: 0,
  waitlist: true,
  ...overrides,
});

const outcomes = (plan: ReturnType<typeof decideRegistrationBatch>) =>
  plan.decisions.map((d) => (d.outcome === 'waitlisted' ? `w${d.position}` : d.outcome));

describe('decideRegistrationBatch', () => {
  it('fills the seats in arrival order, then the waitlist with positions continuing the existing one', () => {
    const plan = decideRegistrationBatch(
      event({ capacity: 5, confirmedCount: 3, waitlistedCount: 0 }),
      ['a', 'b', 'c', 'd', 'e'],
      new Set(),
    );
    expect(outcomes(plan)).toEqual(['confirmed', 'confirmed', 'w1', 'w2', 'w3']);
    expect(plan).toMatchObject({ confirmed: 2, waitlisted: 3 });

    const later = decideRegistrationBatch(event({ confirmedCount: 3, waitlistedCount: 7 }), ['x', 'y'], new Set());
    expect(outcomes(later)).toEqual(['w8', 'w9']);
  });

  it('confirms everyone when the event is unlimited', () => {
    const plan = decideRegistrationBatch(event({ capacity: null, confirmedCount: 10_000 }), ['a', 'b'], new Set());
    expect(outcomes(plan)).toEqual(['confirmed', 'confirmed']);
    expect(plan).toMatchObject({ confirmed: 2, waitlisted: 0 });
  });

  it('refuses as full once the seats are gone when there is no waitlist', () => {
    const plan = decideRegistrationBatch(event({ capacity: 2, waitlist: false }), ['a', 'b', 'c', 'd'], new Set());
    expect(outcomes(plan)).toEqual(['confirmed', 'confirmed', 'full', 'full']);
    expect(plan).toMatchObject({ confirmed: 2, waitlisted: 0 });
  });

  it('a duplicate takes no seat: the first item of an address wins, live addresses lose', () => {
    const plan = decideRegistrationBatch(
      event({ capacity: 2, confirmedCount: 0 }),
      ['live@x', 'a@x', 'a@x', 'b@x', 'c@x', 'b@x'],
      new Set(['live@x']),
    );
    expect(outcomes(plan)).toEqual(['duplicate', 'confirmed', 'duplicate', 'confirmed', 'w1', 'duplicate']);
    expect(plan).toMatchObject({ confirmed: 2, waitlisted: 1 });
  });

  it('like the one-statement path, answers "full" before "duplicate" when there is no place at all', () => {
    const plan = decideRegistrationBatch(
      event({ capacity: 1, waitlist: false }),
      ['a', 'a', 'live', 'b'],
      new Set(['live']),
    );
    expect(outcomes(plan)).toEqual(['confirmed', 'full', 'full', 'full']);
  });

  it('the capacity boundary inside a batch: exactly the free seats are confirmed', () => {
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const plan = decideRegistrationBatch(event({ capacity: 100, confirmedCount: 96 }), keys, new Set());
    expect(plan.confirmed).toBe(4);
    expect(outcomes(plan).slice(3, 6)).toEqual(['confirmed', 'w1', 'w2']);
    expect(plan.waitlisted).toBe(6);
  });

  it.each(['draft', 'cancelled'])('refuses every item of a %s event as closed, counting nothing', (status) => {
    const plan = decideRegistrationBatch(event({ status }), ['a', 'b'], new Set());
    expect(outcomes(plan)).toEqual(['closed', 'closed']);
    expect(plan).toMatchObject({ confirmed: 0, waitlisted: 0 });
  });

  it('an empty batch decides nothing', () => {
    expect(decideRegistrationBatch(event(), [], new Set())).toEqual({ decisions: [], confirmed: 0, waitlisted: 0 });
  });
});

describe('decideRegistrationBatch with seatsPerOrganization', () => {
  const open = { status: 'published', capacity: 10, confirmedCount: 0, waitlistedCount: 0, waitlist: true };

  it('gives an organization at most its cap, counting what it already holds; the rest wait', () => {
    const plan = decideRegistrationBatch(open, ['a1', 'a2', 'b1', 'a3', 'b2'], new Set(), {
      cap: 2,
      organizationOf: ['A', 'A', 'B', 'A', null],
      confirmed: new Map([['A', 1]]),
    });
    expect(plan.decisions.map((d) => d.outcome)).toEqual([
      'confirmed',
      'waitlisted',
      'confirmed',
      'waitlisted',
      'confirmed',
    ]);
  });

  it('without a waitlist an organization at its cap is refused as such', () => {
    const plan = decideRegistrationBatch({ ...open, waitlist: false }, ['a1', 'a2'], new Set(), {
      cap: 1,
      organizationOf: ['A', 'A'],
      confirmed: new Map(),
    });
    expect(plan.decisions.map((d) => d.outcome)).toEqual(['confirmed', 'organization_full']);
  });
});
