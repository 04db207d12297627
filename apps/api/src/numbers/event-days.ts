import { DateTime } from 'luxon';

/** The calendar day (`YYYY-MM-DD`) of an instant on the clock of `zone`. */
export function dayIn(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}

/** Every day from `from` to `to` inclusive (ISO dates; empty when `to` is before `from`). */
export function daysFromTo(from: string, to: string): string[] {
  const days: string[] = [];
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  for (let d = DateTime.fromISO(from, { zone: 'UTC' }); d <= end; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return days;
}

export interface DailyCount {
  day: string;
  confirmed: number;
  waitlisted: number;
}

/**
 * The days a webinar's daily chart covers, on the event's clock: from the
 * day it was published (or of its first registration, if earlier) to the
 * day registration ended (closing, cancellation, or today if still open),
 * stretched to the last registration day; zero days included.
 */
export function dailySeries(
  counts: readonly DailyCount[],
  window: { publishedAt: Date; until: Date; zone: string },
): DailyCount[] {
  const seen = counts.map((c) => c.day).sort();
  const first = [dayIn(window.publishedAt, window.zone), seen[0]].filter(Boolean).sort()[0];
  const last = [dayIn(window.until, window.zone), seen[seen.length - 1]].filter(Boolean).sort().reverse()[0];
  const byDay = new Map(counts.map((c) => [c.day, c]));
  return daysFromTo(first, last).map((day) => byDay.get(day) ?? { day, confirmed: 0, waitlisted: 0 });
}
