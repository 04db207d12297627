import { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MailContext } from '../mail-context';
import { pick } from '../locale';
import { LruCache } from '@cohost/common';
import { generateLines } from './calendar-build';
import { calendarDescription } from './calendar-text';
import { cleanText, foldLine, mailto, quoteParam, utcStamp } from './ical-text';

export type CalendarMethod = 'REQUEST' | 'CANCEL';

export interface InvitationCalendarSpec {
  method: CalendarMethod;
  /** `STATUS:CANCELLED` in the VEVENT (the event itself is cancelled, not just this attendee). */
  eventCancelled: boolean;
  /** Join link to write into the entry (REQUEST to confirmed registrants only). */
  joinUrl?: string;
}

/**
 * Everything of the calendar part except DTSTAMP and ATTENDEE, which vary
 * per recipient: the folded text between those two lines.
 */
interface CalendarTemplate {
  pieces: string[];
  slots: Array<'stamp' | 'attendee'>;
}

const PLACEHOLDER_ATTENDEE = 'attendee@placeholder.invalid';
const PLACEHOLDER_ORGANIZER = 'organizer@placeholder.invalid';
const CRLF = '\r\n';
const REMINDER_SECONDS = 15 * 60;

/**
 * ical-generator builds only a few thousand calendars per second, too slow to
 * run per recipient in a 10,000-person fan-out. The calendar is built once per
 * distinct event content and method, with placeholder DTSTAMP and ATTENDEE
 * lines that are then replaced per recipient by properly escaped and folded
 * lines. Bounded: an entry is only a few kilobytes.
 */
const templates = new LruCache<string, CalendarTemplate>(256);

export function clearCalendarCache(): void {
  templates.clear();
}

export function calendarCacheSize(): number {
  return templates.size;
}

export function buildInvitationCalendar(ctx: MailContext, spec: InvitationCalendarSpec): string {
  const template = templates.getOrCreate(templateKey(ctx, spec), () => buildTemplate(ctx, spec));
  const stamp = `DTSTAMP:${utcStamp(ctx.sentAt)}${CRLF}`;
  const attendee = attendeeLine(ctx.recipient.email, ctx.recipient.name);
  let out = template.pieces[0];
  for (let i = 0; i < template.slots.length; i++) {
    out += (template.slots[i] === 'stamp' ? stamp : attendee) + template.pieces[i + 1];
  }
  return out;
}

function attendeeLine(email: string, name: string | null): string {
  const cn = name && name.trim() ? `;CN=${quoteParam(name)}` : '';
  return (
    foldLine(`ATTENDEE${cn};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:${mailto(email)}`) +
    CRLF
  );
}

function organizerLine(ctx: MailContext): string {
  return `ORGANIZER;CN=${quoteParam(pick(ctx.host.name, ctx.recipient.locale))}:${mailto(ctx.from.address)}`;
}

/** Everything the shared part depends on; anything not listed here must not reach buildTemplate. */
function templateKey(ctx: MailContext, spec: InvitationCalendarSpec): string {
  const { event } = ctx;
  return JSON.stringify([
    spec.method,
    spec.eventCancelled,
    spec.joinUrl ?? null,
    ctx.recipient.locale,
    event.uid,
    event.sequence,
    event.startsAt.getTime(),
    event.endsAt.getTime(),
    event.timezone,
    event.title,
    event.description,
    ctx.host.name,
    ctx.cohosts.map((c) => c.name),
    ctx.from.address,
    ctx.links.event,
  ]);
}

function buildTemplate(ctx: MailContext, spec: InvitationCalendarSpec): CalendarTemplate {
  const { event } = ctx;
  const locale = ctx.recipient.locale;
  const summary = cleanText(pick(event.title, locale));
  const lines = generateLines({ method: spec.method as ICalCalendarMethod }, [
    {
      id: event.uid,
      sequence: event.sequence,
      stamp: new Date(0),
      start: event.startsAt,
      end: event.endsAt,
      summary,
      description: calendarDescription({
        locale,
        description: event.description,
        host: ctx.host.name,
        cohosts: ctx.cohosts.map((c) => c.name),
        eventUrl: ctx.links.event,
        joinUrl: spec.joinUrl,
      }),
      location: spec.joinUrl ?? ctx.links.event,
      url: ctx.links.event,
      organizer: { name: 'organizer', email: PLACEHOLDER_ORGANIZER },
      attendees: [{ email: PLACEHOLDER_ATTENDEE }],
      // A registrant's own cancellation leaves the event itself as it was: no STATUS.
      ...(spec.eventCancelled ? { status: ICalEventStatus.CANCELLED } : {}),
      ...(spec.method === 'REQUEST' ? { status: ICalEventStatus.CONFIRMED } : {}),
      // Never on CANCEL: an alarm there may keep a ghost entry alive in some clients.
      ...(spec.method === 'REQUEST'
        ? { alarms: [{ type: ICalAlarmType.display, trigger: REMINDER_SECONDS, description: summary }] }
        : {}),
    },
  ]);

  const pieces: string[] = [];
  const slots: CalendarTemplate['slots'] = [];
  let current = '';
  let inEvent = false;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') inEvent = true;
    if (line === 'END:VEVENT') inEvent = false;
    if (inEvent && line.startsWith('DTSTAMP:')) {
      slots.push('stamp');
    } else if (line.startsWith('ATTENDEE') && line.toLowerCase().endsWith(`:mailto:${PLACEHOLDER_ATTENDEE}`)) {
      slots.push('attendee');
    } else {
      current += foldLine(line.startsWith('ORGANIZER') ? organizerLine(ctx) : line) + CRLF;
      continue;
    }
    pieces.push(current);
    current = '';
  }
  pieces.push(current);
  if (slots.filter((s) => s === 'stamp').length !== 1 || slots.filter((s) => s === 'attendee').length !== 1) {
    throw new Error('Calendar template lacks its DTSTAMP or ATTENDEE line');
  }
  return { pieces, slots };
}
