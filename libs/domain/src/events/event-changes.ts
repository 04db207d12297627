/**
 * What of an event, when changed on a published event, is news for attendees'
 * calendars. Not the join link: emails and calendar files carry each
 * registrant's personal link (`/j/<token>`), which leads to whatever
 * `joinUrl` is current, so a new meeting URL changes nothing they hold.
 */
export type CalendarField = 'startsAt' | 'endsAt' | 'title.en' | 'title.ja';

export interface CalendarFacts {
  startsAt: Date;
  endsAt: Date;
  title: { en?: string | null; ja?: string | null };
}

/** The calendar-relevant fields that differ between `before` and `after`, in a fixed order. */
export function calendarChanges(before: CalendarFacts, after: CalendarFacts): CalendarField[] {
  const changed: CalendarField[] = [];
  if (before.startsAt.getTime() !== after.startsAt.getTime()) changed.push('startsAt');
  if (before.endsAt.getTime() !== after.endsAt.getTime()) changed.push('endsAt');
  if ((before.title.en ?? null) !== (after.title.en ?? null)) changed.push('title.en');
  if ((before.title.ja ?? null) !== (after.title.ja ?? null)) changed.push('title.ja');
  return changed;
}

/**
 * RFC 5545 SEQUENCE after an edit: +1 exactly when a published event's time
 * or title changed (attendees hold it in their calendars); drafts have no
 * attendees yet and other fields (description, capacity, the meeting URL
 * behind the personal links...) are not in the calendar entry. Never goes down.
 */
export function sequenceAfterEdit(
  status: 'draft' | 'published' | 'cancelled',
  sequence: number,
  changed: readonly CalendarField[],
): number {
  return status === 'published' && changed.length > 0 ? sequence + 1 : sequence;
}

/** Whether rescheduling happened (co-host agreements must be checked again). */
export function isReschedule(changed: readonly CalendarField[]): boolean {
  return changed.includes('startsAt') || changed.includes('endsAt');
}
