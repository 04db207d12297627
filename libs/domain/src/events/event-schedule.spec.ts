import { InvalidInputError } from '../errors';
import { assertValidReminders, assertValidSchedule, parseOffsetDateTime, reminderMillis } from './event-schedule';

const now = new Date('2027-01-01T00:00:00Z');
const start = new Date('2027-05-20T09:00:00Z');
const end = new Date('2027-05-20T10:00:00Z');
const schedule = { startsAt: start, endsAt: end, registrationOpensAt: null, registrationClosesAt: null };

const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).code;
  }
};

describe('event schedule rules', () => {
  it('accepts ISO 8601 date-times with an offset only', () => {
    expect(parseOffsetDateTime('2027-05-20T18:00:00+09:00')?.toISOString()).toBe('2027-05-20T09:00:00.000Z');
    expect(parseOffsetDateTime('2027-05-20T09:00Z')?.toISOString()).toBe('2027-05-20T09:00:00.000Z');
    expect(parseOffsetDateTime('2027-05-20T18:00:00')).toBeNull();
    expect(parseOffsetDateTime('2027-05-20')).toBeNull();
  });

  it('takes offsets within ±14:00 only, minutes below 60', () => {
    expect(parseOffsetDateTime('2027-05-20T18:00:00+14:00')?.toISOString()).toBe('2027-05-20T04:00:00.000Z');
    expect(parseOffsetDateTime('2027-05-20T00:00:00-14:00')?.toISOString()).toBe('2027-05-20T14:00:00.000Z');
    expect(parseOffsetDateTime('2027-05-20T18:00:00+05:45')?.toISOString()).toBe('2027-05-20T12:15:00.000Z');
    expect(parseOffsetDateTime('2027-05-20T18:00:00-00:00')?.toISOString()).toBe('2027-05-20T18:00:00.000Z');
    for (const offset of ['+14:01', '-14:30', '+15:00', '+25:00', '-25:00', '+99:00', '+09:60', '+09:99', '+9:00']) {
      expect(parseOffsetDateTime(`2027-05-20T18:00:00${offset}`)).toBeNull();
    }
    expect(parseOffsetDateTime('2027-02-30T10:00:00Z')).toBeNull();
    expect(parseOffsetDateTime('2027-05-20T25:00:00Z')).toBeNull();
  });

  it('reads reminders as fixed-length ISO 8601 durations within bounds', () => {
    expect(reminderMillis('P1D')).toBe(86_400_000);
    expect(reminderMillis('PT1H30M')).toBe(5_400_000);
    expect(reminderMillis('P1W')).toBe(604_800_000);
    for (const bad of ['1D', 'P', 'PT', 'P1M', 'P1Y', 'p1d', 'P1DT', '-P1D', 'P1.5D'])
      expect(reminderMillis(bad)).toBeNull();
    expect(codeOf(() => assertValidReminders(['P1D', 'PT1H']))).toBeNull();
    expect(codeOf(() => assertValidReminders([]))).toBeNull();
    expect(codeOf(() => assertValidReminders(['PT30S']))).toBe('EVENT_REMINDER_DURATION');
    expect(codeOf(() => assertValidReminders(['P31D']))).toBe('EVENT_REMINDER_DURATION');
    expect(codeOf(() => assertValidReminders(['P1D', 'PT24H']))).toBe('EVENT_REMINDER_DURATION');
    expect(codeOf(() => assertValidReminders(['PT1M', 'PT2M', 'PT3M', 'PT4M', 'PT5M', 'PT6M']))).toBe(
      'EVENT_REMINDERS',
    );
  });

  it('requires the end after the start and a new start in the future', () => {
    expect(codeOf(() => assertValidSchedule(schedule, { now, startChanged: true }))).toBeNull();
    expect(codeOf(() => assertValidSchedule({ ...schedule, endsAt: start }, { now, startChanged: true }))).toBe(
      'EVENT_TIME_ORDER',
    );
    const later = new Date('2027-06-01T00:00:00Z');
    expect(codeOf(() => assertValidSchedule(schedule, { now: later, startChanged: true }))).toBe('EVENT_IN_PAST');
    expect(codeOf(() => assertValidSchedule(schedule, { now: later, startChanged: false }))).toBeNull();
  });

  it('keeps the registration window before the start and no later than the end', () => {
    const ok = {
      ...schedule,
      registrationOpensAt: new Date('2027-04-01T00:00:00Z'),
      registrationClosesAt: new Date('2027-05-20T09:30:00Z'),
    };
    expect(codeOf(() => assertValidSchedule(ok, { now, startChanged: true }))).toBeNull();
    for (const bad of [
      { ...schedule, registrationClosesAt: new Date('2027-05-20T10:00:01Z') },
      { ...schedule, registrationOpensAt: start },
      {
        ...schedule,
        registrationOpensAt: new Date('2027-05-01T00:00:00Z'),
        registrationClosesAt: new Date('2027-04-01T00:00:00Z'),
      },
    ]) {
      expect(codeOf(() => assertValidSchedule(bad, { now, startChanged: true }))).toBe('EVENT_REGISTRATION_WINDOW');
    }
  });
});
