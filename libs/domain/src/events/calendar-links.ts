/**
 * "Add to calendar" links for people who do not want a file. Times are UTC
 * so no calendar has to guess a zone; the join link is never in them (it is
 * for confirmed registrants, in their emails).
 */
export interface CalendarLinkInput {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
}

export interface CalendarLinks {
  google: string;
  outlook: string;
  ics: string;
}

/** Keeps the URLs well under the length browsers and calendar services accept. */
const MAX_DETAILS = 1000;

/** `20260520T090000Z`: RFC 5545 UTC form, which Google's `dates` expects. */
export function compactUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

const isoUtc = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function query(params: Record<string, string>): string {
  // encodeURIComponent, not URLSearchParams: Outlook shows a `+` literally instead of a space.
  return Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function calendarLinks(event: CalendarLinkInput, publicBaseUrl: string): CalendarLinks {
  const details = truncate(event.description, MAX_DETAILS);
  const google = `https://calendar.google.com/calendar/render?${query({
    action: 'TEMPLATE',
    text: event.title,
    dates: `${compactUtc(event.startsAt)}/${compactUtc(event.endsAt)}`,
    details,
  })}`;
  const outlook = `https://outlook.live.com/calendar/0/deeplink/compose?${query({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: event.title,
    startdt: isoUtc(event.startsAt),
    enddt: isoUtc(event.endsAt),
    body: details,
  })}`;
  const ics = `${publicBaseUrl.replace(/\/+$/, '')}/api/v1/events/${event.id}/calendar.ics`;
  return { google, outlook, ics };
}
