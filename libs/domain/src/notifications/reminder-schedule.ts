import { Duration } from 'luxon';

export interface ReminderFire {
  offset: string;
  fireAt: Date;
}

/**
 * When each reminder fires. An offset is an absolute duration before the
 * start instant (P1D = 24 hours, PT1H = 1 hour), computed on the UTC time
 * line, so a daylight-saving change between the reminder and the start
 * (Europe in late March and October; Japan has none) never moves it: the
 * reminder says "in 24 hours" and the event starts 24 hours later.
 * Invalid or non-positive offsets are ignored (the events API validates them).
 */
export function reminderFireTimes(startsAt: Date, offsets: readonly string[]): ReminderFire[] {
  const seen = new Set<string>();
  const fires: ReminderFire[] = [];
  for (const offset of offsets) {
    const ms = offsetMillis(offset);
    if (ms === null || seen.has(offset)) continue;
    seen.add(offset);
    fires.push({ offset, fireAt: new Date(startsAt.getTime() - ms) });
  }
  return fires.sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}

/**
 * Milliseconds of an ISO 8601 duration of weeks, days, hours, minutes and
 * seconds (a day is 24 hours); null for anything else, years and months
 * included (their length depends on the calendar).
 */
export function offsetMillis(offset: string): number | null {
  if (!/^P(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(offset) || /T$/.test(offset) || offset === 'P') {
    return null;
  }
  const duration = Duration.fromISO(offset);
  if (!duration.isValid) return null;
  const ms = duration.shiftTo('milliseconds').milliseconds;
  return ms > 0 ? ms : null;
}

/**
 * The reminders still to schedule at `now`. One whose time passed more than
 * `graceMs` ago is dropped (an event rescheduled to start within the hour
 * gets no "in one hour" reminder); within the grace it fires at once, so a
 * schedule written a moment late still goes out.
 */
export function pendingReminders(
  startsAt: Date,
  offsets: readonly string[],
  now: Date,
  graceMs = 60_000,
): ReminderFire[] {
  return reminderFireTimes(startsAt, offsets).filter((r) => r.fireAt.getTime() >= now.getTime() - graceMs);
}
