import { ICalCalendarMethod, ICalEventStatus, type ICalEventData } from 'ical-generator';
import { pick, type Locale } from '../locale';
import { calendarUid } from './calendar-uid';
import { generateLines, serialize } from './calendar-build';
import { calendarDescription } from './calendar-text';
import { cleanText } from './ical-text';

/** What the public `.ics` endpoints know about an event. There is deliberately no join link here. */
export interface PublicCalendarEvent {
  id: string;
  sequence: number;
  status: 'draft' | 'published' | 'cancelled';
  title: { en?: string; ja?: string };
  description: { en?: string; ja?: string };
  startsAt: Date;
  endsAt: Date;
  host: { name: { en: string; ja?: string } };
  /** Accepted co-hosts only. */
  cohosts?: Array<{ name: { en: string; ja?: string } }>;
  /** Public page of the event. */
  url?: string;
  /** LAST-MODIFIED when known. */
  updatedAt?: Date;
}

export interface PublishCalendarOptions {
  /** Calendar name (`X-WR-CALNAME`), e.g. the event title or "Events of <partner>". */
  name: string;
  lang: Locale;
  description?: string;
  /**
   * DTSTAMP of every entry; defaults to now. Pass a fixed instant (e.g. the
   * latest `updatedAt`) to get byte-identical output for unchanged data (ETags).
   */
  stamp?: Date;
  /** Suggested refresh interval for subscribed calendars, in seconds. */
  refreshSeconds?: number;
}

/**
 * A `METHOD:PUBLISH` calendar of one or many events for the public `.ics`
 * endpoints. Same UIDs as the emailed invitations, so a subscribed calendar
 * and an accepted invitation describe the same entry. Cancelled events stay
 * in the feed with `STATUS:CANCELLED` so subscribers drop them; drafts are
 * left out.
 */
export function buildPublishCalendar(events: PublicCalendarEvent[], options: PublishCalendarOptions): string {
  const stamp = options.stamp ?? new Date();
  const entries: ICalEventData[] = events
    .filter((event) => event.status !== 'draft')
    .map((event) => ({
      id: calendarUid(event.id),
      sequence: event.sequence,
      stamp,
      start: event.startsAt,
      end: event.endsAt,
      summary: cleanText(pick(event.title, options.lang)),
      description: calendarDescription({
        locale: options.lang,
        description: event.description,
        host: event.host.name,
        cohosts: (event.cohosts ?? []).map((c) => c.name),
        eventUrl: event.url,
      }),
      ...(event.url ? { url: event.url, location: event.url } : {}),
      ...(event.updatedAt ? { lastModified: event.updatedAt } : {}),
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    }));
  return serialize(
    generateLines(
      {
        method: ICalCalendarMethod.PUBLISH,
        name: options.name,
        description: options.description,
        ttl: options.refreshSeconds,
      },
      entries,
    ),
  );
}
