import { ConflictError, RuleViolationError } from '../errors';
import {
  assertRegistrationOpen,
  RegistrationWindow,
  registrationWindowState,
  RegistrationWindowState,
} from './registration-window';

const now = new Date('2026-05-01T10:00:00Z');
const event = (overrides: Partial<RegistrationWindow> = {}): RegistrationWindow => ({
  status: 'published',
  startsAt: new Date('2026-05-02T10:00:00Z'),
  registrationOpensAt: null,
  registrationClosesAt: null,
  ...overrides,
});

const codeOf = (e: RegistrationWindow): string | null => {
  try {
    assertRegistrationOpen(e, now);
    return null;
  } catch (error) {
    return (error as ConflictError | RuleViolationError).code;
  }
};

describe('assertRegistrationOpen', () => {
  it('accepts a published event whose window is open', () => {
    expect(codeOf(event())).toBeNull();
    expect(codeOf(event({ registrationOpensAt: new Date('2026-04-01T00:00:00Z') }))).toBeNull();
  });

  it('refuses drafts and cancelled events as conflicts (409)', () => {
    expect(() => assertRegistrationOpen(event({ status: 'draft' }), now)).toThrow(ConflictError);
    expect(codeOf(event({ status: 'draft' }))).toBe('EVENT_NOT_PUBLISHED');
    expect(codeOf(event({ status: 'cancelled' }))).toBe('EVENT_CANCELLED');
  });

  it('refuses an event that already started when the window closes at the start (the default)', () => {
    const started = event({ startsAt: now });
    expect(() => assertRegistrationOpen(started, now)).toThrow(RuleViolationError);
    expect(codeOf(started)).toBe('EVENT_ALREADY_STARTED');
    expect(codeOf(event({ startsAt: new Date('2026-05-01T09:00:00Z'), registrationClosesAt: now }))).toBe(
      'EVENT_ALREADY_STARTED',
    );
  });

  it('lets late joiners in while a window the organizer extended past the start is open', () => {
    const running = event({
      startsAt: new Date('2026-05-01T09:30:00Z'),
      registrationClosesAt: new Date('2026-05-01T10:30:00Z'),
    });
    expect(codeOf(running)).toBeNull();
  });

  it('refuses before the window opens and from the moment it closes', () => {
    expect(codeOf(event({ registrationOpensAt: new Date('2026-05-01T10:00:01Z') }))).toBe('REGISTRATION_NOT_OPEN');
    expect(codeOf(event({ registrationClosesAt: now }))).toBe('REGISTRATION_CLOSED');
    expect(codeOf(event({ registrationClosesAt: new Date('2026-05-01T10:00:01Z') }))).toBeNull();
  });
});

describe('registrationWindowState', () => {
  const at = (iso: string) => new Date(iso);

  it.each<[string, Partial<RegistrationWindow>, RegistrationWindowState]>([
    ['a published event before its start', {}, 'open'],
    ['a cancelled event, whatever its window', { status: 'cancelled' }, 'cancelled'],
    ['a draft', { status: 'draft' }, 'not_published'],
    ['a status it does not know', { status: 'archived' }, 'not_published'],
    ['before registrationOpensAt', { registrationOpensAt: at('2026-05-01T10:00:01Z') }, 'not_open'],
    ['at registrationOpensAt', { registrationOpensAt: now }, 'open'],
    ['at the start, the window closing then (default)', { startsAt: now }, 'started'],
    ['at registrationClosesAt before the start', { registrationClosesAt: now }, 'closed'],
    [
      'while a window extended past the start is open',
      { startsAt: at('2026-05-01T09:30:00Z'), registrationClosesAt: at('2026-05-01T10:30:00Z') },
      'open',
    ],
    [
      'after a window extended past the start closed',
      { startsAt: at('2026-05-01T09:00:00Z'), registrationClosesAt: at('2026-05-01T09:30:00Z') },
      'started',
    ],
  ])('%s', (_, overrides, state) => {
    expect(registrationWindowState(event(overrides), now)).toBe(state);
  });

  it('is what assertRegistrationOpen refuses with, one code per state', () => {
    const codes: Record<Exclude<RegistrationWindowState, 'open'>, string> = {
      cancelled: 'EVENT_CANCELLED',
      not_published: 'EVENT_NOT_PUBLISHED',
      not_open: 'REGISTRATION_NOT_OPEN',
      started: 'EVENT_ALREADY_STARTED',
      closed: 'REGISTRATION_CLOSED',
    };
    const cases: Array<Partial<RegistrationWindow>> = [
      { status: 'cancelled' },
      { status: 'draft' },
      { registrationOpensAt: at('2026-05-02T09:00:00Z') },
      { startsAt: now },
      { registrationClosesAt: now },
      {},
    ];
    for (const overrides of cases) {
      const state = registrationWindowState(event(overrides), now);
      expect(codeOf(event(overrides))).toBe(state === 'open' ? null : codes[state]);
    }
  });
});
