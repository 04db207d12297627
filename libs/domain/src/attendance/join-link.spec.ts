import { joinLinkState, joinWindowOpensAt } from './join-link';

const event = {
  status: 'published' as const,
  startsAt: new Date('2027-05-20T09:00:00Z'),
  endsAt: new Date('2027-05-20T10:00:00Z'),
  joinWindowMinutes: 15,
};
const at = (iso: string) => new Date(iso);
const confirmed = { status: 'confirmed' as const };

describe('personal join link state', () => {
  it('is "before" until the window opens, "open" from then until the end, "ended" from the end', () => {
    expect(joinWindowOpensAt(event)).toEqual(at('2027-05-20T08:45:00Z'));
    expect(joinLinkState({ event, registration: confirmed }, at('2027-05-20T08:44:59.999Z'))).toBe('before');
    expect(joinLinkState({ event, registration: confirmed }, at('2027-05-20T08:45:00Z'))).toBe('open');
    expect(joinLinkState({ event, registration: confirmed }, at('2027-05-20T09:59:59.999Z'))).toBe('open');
    expect(joinLinkState({ event, registration: confirmed }, at('2027-05-20T10:00:00Z'))).toBe('ended');
  });

  it('follows the event window setting (0: only from the start)', () => {
    const strict = { ...event, joinWindowMinutes: 0 };
    expect(joinLinkState({ event: strict, registration: confirmed }, at('2027-05-20T08:59:00Z'))).toBe('before');
    expect(joinLinkState({ event: strict, registration: confirmed }, at('2027-05-20T09:00:00Z'))).toBe('open');
  });

  it('never opens for a cancelled or waitlisted registration, nor a cancelled event, whatever the time', () => {
    for (const now of [at('2027-05-20T08:00:00Z'), at('2027-05-20T09:30:00Z'), at('2027-05-20T11:00:00Z')]) {
      expect(joinLinkState({ event, registration: { status: 'cancelled' } }, now)).toBe('cancelled');
      expect(joinLinkState({ event, registration: { status: 'waitlisted' } }, now)).toBe('waitlisted');
      expect(joinLinkState({ event: { ...event, status: 'cancelled' }, registration: confirmed }, now)).toBe(
        'event_cancelled',
      );
    }
  });
});
