import { DateTime, Duration } from 'luxon';
import { InvalidInputError } from '../errors';

/**
 * ISO 8601 date-time with an explicit offset (`Z` or `±HH:MM`): a time
 * without one is ambiguous between Tokyo and Copenhagen, so it is refused.
 * Offsets lie within ±14:00 (the range of every real zone, RFC 9557 and
 * Temporal's limit) with minutes below 60: `+25:00` is a typo, not a place.
 */
const OFFSET_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-3]):[0-5]\d|[+-]14:00)$/;

/** The instant of an ISO 8601 date-time with an offset, or null if it is not one (or not a real time). */
export function parseOffsetDateTime(value: string): Date | null {
  if (!OFFSET_DATE_TIME.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

export function isOffsetDateTime(value: unknown): value is string {
  return typeof value === 'string' && parseOffsetDateTime(value) !== null;
}

/** Weeks, days, hours, minutes, seconds: fixed lengths (months and years are not). */
const REMINDER_DURATION = /^P(?!$)(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;
export const REMINDER_MIN_MS = 60_000;
export const REMINDER_MAX_MS = 30 * 24 * 3_600_000;
export const MAX_REMINDERS = 5;
export const DEFAULT_REMINDERS: readonly string[] = ['P1D', 'PT1H'];

/** Milliseconds of a reminder offset, or null if it is not an acceptable ISO 8601 duration. */
export function reminderMillis(value: string): number | null {
  if (!REMINDER_DURATION.test(value)) return null;
  const duration = Duration.fromISO(value);
  return duration.isValid ? duration.as('milliseconds') : null;
}

/** Throws 400 unless every reminder is a duration between 1 minute and 30 days, without repeats. */
export function assertValidReminders(reminders: readonly string[]): void {
  if (reminders.length > MAX_REMINDERS) {
    throw new InvalidInputError('EVENT_REMINDERS', `reminders may hold at most ${MAX_REMINDERS} durations`);
  }
  const seen = new Set<number>();
  for (const value of reminders) {
    const ms = reminderMillis(value);
    if (ms === null) {
      throw new InvalidInputError(
        'EVENT_REMINDER_DURATION',
        `reminders: "${value}" is not an ISO 8601 duration in weeks, days, hours, minutes or seconds (e.g. P1D, PT1H, PT30M)`,
      );
    }
    if (ms < REMINDER_MIN_MS || ms > REMINDER_MAX_MS) {
      throw new InvalidInputError(
        'EVENT_REMINDER_DURATION',
        `reminders: "${value}" must be between 1 minute (PT1M) and 30 days (P30D) before the start`,
      );
    }
    if (seen.has(ms)) throw new InvalidInputError('EVENT_REMINDER_DURATION', `reminders: "${value}" is repeated`);
    seen.add(ms);
  }
}

export interface Schedule {
  startsAt: Date;
  endsAt: Date;
  /** null = open from publication. */
  registrationOpensAt: Date | null;
  /** null = closes at startsAt. */
  registrationClosesAt: Date | null;
}

/** When registration closes: the explicit time, else the start (so it follows reschedules). */
export function effectiveRegistrationClose(schedule: Pick<Schedule, 'startsAt' | 'registrationClosesAt'>): Date {
  return schedule.registrationClosesAt ?? schedule.startsAt;
}

const iso = (d: Date) => d.toISOString();

/**
 * Throws 400 unless the schedule makes sense: the event ends after it
 * starts; registration opens before it closes and before the start;
 * registration closes no later than the end (late joiners may register while
 * the webinar runs, not after). `startChanged` asks that a new or moved
 * start lie in the future: one cannot schedule a webinar in the past.
 */
export function assertValidSchedule(schedule: Schedule, options: { now: Date; startChanged: boolean }): void {
  const { startsAt, endsAt, registrationOpensAt, registrationClosesAt } = schedule;
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw new InvalidInputError(
      'EVENT_TIME_ORDER',
      `endsAt (${iso(endsAt)}) must be after startsAt (${iso(startsAt)})`,
    );
  }
  if (options.startChanged && startsAt.getTime() <= options.now.getTime()) {
    throw new InvalidInputError('EVENT_IN_PAST', `startsAt (${iso(startsAt)}) must be in the future`);
  }
  const closes = effectiveRegistrationClose(schedule);
  if (registrationClosesAt && registrationClosesAt.getTime() > endsAt.getTime()) {
    throw new InvalidInputError(
      'EVENT_REGISTRATION_WINDOW',
      `registrationClosesAt (${iso(registrationClosesAt)}) must not be after endsAt (${iso(endsAt)})`,
    );
  }
  if (registrationOpensAt) {
    if (registrationOpensAt.getTime() >= startsAt.getTime()) {
      throw new InvalidInputError(
        'EVENT_REGISTRATION_WINDOW',
        `registrationOpensAt (${iso(registrationOpensAt)}) must be before startsAt (${iso(startsAt)})`,
      );
    }
    if (registrationOpensAt.getTime() >= closes.getTime()) {
      throw new InvalidInputError(
        'EVENT_REGISTRATION_WINDOW',
        `registrationOpensAt (${iso(registrationOpensAt)}) must be before registrationClosesAt (${iso(closes)})`,
      );
    }
  }
}
