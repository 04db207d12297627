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
 * Everything of the calendar part except what varies per recipient: DTSTAMP,
 * ATTENDEE and the personal join link (in DESCRIPTION and LOCATION). Literal
 * text is stored folded; a line holding the join link is stored unfolded
 * around it and folded per recipient, since where it folds depends on the
 * link's length.
 */
interface CalendarTemplate {
  pieces: string[];
  slots: Array<'stamp' | 'attendee' | { line: string[] }>;
}

const PLACEHOLDER_ATTENDEE = 'attendee@placeholder.invalid';
const PLACEHOLDER_ORGANIZER = 'organizer@placeholder.invalid';
/** Stands for the personal join link while the template is built: no character ical-generator escapes. */
const PLACEHOLDER_JOIN = 'https://join.placeholder.invalid/cohost-join-link';
/**
 * A join link that can stand in a template: printable ASCII without the
 * characters a TEXT value escapes (`\ ; ,`). Anything else is built whole
 * for that recipient (exact, only slower).
 */
const SPLICEABLE_JOIN = /^[\x21-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;
const CRLF = '\r\n';
const REMINDER_SECONDS = 15 * 60;

/**
 * ical-generator builds only a few thousand calendars per second, too slow to
 * run per recipient in a 10,000-person fan-out. The calendar is built once per
 * distinct event content, method and language, with placeholder DTSTAMP,
 * ATTENDEE and join link that are then replaced per recipient by properly
 * escaped and folded lines: byte for byte what building it whole for that
 * recipient gives ({@link buildInvitationCalendarUncached}, compared in the
 * tests). Bounded: an entry is only a few kilobytes.
 */
const templates = new LruCache<string, CalendarTemplate>(256);

export function clearCalendarCache(): void {
  templates.clear();
}

export function calendarCacheSize(): number {
  return templates.size;
}

export function buildInvitationCalendar(ctx: MailContext, spec: InvitationCalendarSpec): string {
  const splice = spec.joinUrl === undefined || SPLICEABLE_JOIN.test(spec.joinUrl);
  const template = templates.getOrCreate(templateKey(ctx, spec, splice), () => buildTemplate(ctx, spec, splice));
  return fill(template, ctx, spec.joinUrl ?? '');
}

/** The same calendar built whole for this recipient, without the cache (the reference the tests compare with). */
export function buildInvitationCalendarUncached(ctx: MailContext, spec: InvitationCalendarSpec): string {
  return fill(buildTemplate(ctx, spec, false), ctx, spec.joinUrl ?? '');
}

function fill(template: CalendarTemplate, ctx: MailContext, joinUrl: string): string {
  const stamp = `DTSTAMP:${utcStamp(ctx.sentAt)}${CRLF}`;
  const attendee = attendeeLine(ctx.recipient.email, ctx.recipient.name);
  let out = template.pieces[0];
  for (let i = 0; i < template.slots.length; i++) {
    const slot = template.slots[i];
    out +=
      (slot === 'stamp' ? stamp : slot === 'attendee' ? attendee : foldLine(slot.line.join(joinUrl)) + CRLF) +
      template.pieces[i + 1];
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
function templateKey(ctx: MailContext, spec: InvitationCalendarSpec, splice: boolean): string {
  const { event } = ctx;
  return JSON.stringify([
    spec.method,
    spec.eventCancelled,
    // A spliced join link is the recipient's: only whether there is one shapes the template.
    splice ? spec.joinUrl !== undefined : spec.joinUrl,
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

function buildTemplate(ctx: MailContext, spec: InvitationCalendarSpec, splice: boolean): CalendarTemplate {
  const { event } = ctx;
  const joinUrl = spec.joinUrl !== undefined && splice ? PLACEHOLDER_JOIN : spec.joinUrl;
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
        joinUrl,
      }),
      location: joinUrl ?? ctx.links.event,
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
    } else if (joinUrl === PLACEHOLDER_JOIN && line.includes(PLACEHOLDER_JOIN)) {
      slots.push({ line: line.split(PLACEHOLDER_JOIN) });
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
