import { ConflictError, RuleViolationError } from '../errors';
import { assertRegistrationOpen, RegistrationWindow } from './registration-window';

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

  it('refuses an event that already started, whatever the window says', () => {
    const started = event({ startsAt: now, registrationClosesAt: new Date('2026-05-03T00:00:00Z') });
    expect(() => assertRegistrationOpen(started, now)).toThrow(RuleViolationError);
    expect(codeOf(started)).toBe('EVENT_ALREADY_STARTED');
  });

  it('refuses before the window opens and from the moment it closes', () => {
    expect(codeOf(event({ registrationOpensAt: new Date('2026-05-01T10:00:01Z') }))).toBe('REGISTRATION_NOT_OPEN');
    expect(codeOf(event({ registrationClosesAt: now }))).toBe('REGISTRATION_CLOSED');
    expect(codeOf(event({ registrationClosesAt: new Date('2026-05-01T10:00:01Z') }))).toBeNull();
  });
});
