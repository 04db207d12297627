import ical, { ICalCalendarMethod, type ICalEventData } from 'ical-generator';
import { escapeOneLineText, joinLines, unfoldLines } from './ical-text';

export const PROD_ID = { company: 'cohost', product: 'cohost', language: 'EN' } as const;

/**
 * Runs ical-generator and returns its output as unfolded content lines.
 * Only UTC instants go in (no `timezone`): ical-generator then writes
 * `...Z` values, which are right whatever the process's `TZ` is (with a
 * plain Date and a TZID it would write the local clock under that label).
 */
export function generateLines(
  calendar: { method: ICalCalendarMethod; name?: string; description?: string; ttl?: number },
  events: ICalEventData[],
): string[] {
  const cal = ical({
    prodId: PROD_ID,
    method: calendar.method,
    // ical-generator writes these two without any escaping.
    ...(calendar.name !== undefined ? { name: escapeOneLineText(calendar.name) } : {}),
    ...(calendar.description !== undefined ? { description: escapeOneLineText(calendar.description) } : {}),
    ...(calendar.ttl !== undefined ? { ttl: calendar.ttl } : {}),
  });
  for (const event of events) cal.createEvent(event);
  return unfoldLines(cal.toString());
}

/** Folds and terminates every line with CRLF (ical-generator leaves the last one bare). */
export function serialize(lines: readonly string[]): string {
  return joinLines(lines);
}
