import { ParsedMail } from 'mailparser';
import * as nodeIcal from 'node-ical';
import { Redis } from 'ioredis';
import type { RegisterDto } from '../../apps/api/src/registrations/dto/register.dto';
import { ApiHarness } from './api-harness';
import { EventJson, sql } from './events';
import { eventually, TestSmtpServer } from './mail-server';
import { registrationBody } from './registrations';

/** One VEVENT as an independent parser (node-ical) reads it. */
export interface CalendarEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  status?: string;
}

export interface Calendar {
  method?: string;
  events: CalendarEvent[];
  /** The file as sent, lines unfolded. */
  lines: string[];
}

/** The `text/calendar` part of a message (the alternative part), parsed; null when there is none. */
export function calendarOf(mail: ParsedMail): Calendar | null {
  const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
  if (!part) return null;
  const text = part.content.toString('utf8');
  const data = nodeIcal.sync.parseICS(text);
  let method: string | undefined;
  const events: CalendarEvent[] = [];
  for (const component of Object.values(data)) {
    if (!component) continue;
    const c = component as unknown as Record<string, unknown>;
    if (c.type === 'VCALENDAR') method = c.method as string | undefined;
    if (c.type === 'VEVENT')
      events.push({
        uid: String(c.uid),
        sequence: Number(c.sequence),
        start: new Date(c.start as Date),
        end: new Date(c.end as Date),
        status: c.status as string | undefined,
      });
  }
  return { method, events, lines: text.replace(/\r\n[ \t]/g, '').split(/\r\n/) };
}

/** Everything a reader of the message sees: subject, text, HTML and every attachment. */
export function visibleText(mail: ParsedMail): string {
  return [
    mail.subject ?? '',
    mail.text ?? '',
    typeof mail.html === 'string' ? mail.html : '',
    ...mail.attachments.map((a) => a.content.toString('utf8')),
  ].join('\n');
}

/** The event row as the database has it (what the calendar files must agree with). */
export async function eventRow(
  api: ApiHarness,
  eventId: string,
): Promise<{ sequence: number; startsAt: Date; endsAt: Date }> {
  const [row] = await sql<{ sequence: number; starts_at: Date; ends_at: Date }>(
    api,
    'SELECT sequence, starts_at, ends_at FROM events WHERE id = $1',
    [eventId],
  );
  return { sequence: row.sequence, startsAt: row.starts_at, endsAt: row.ends_at };
}

/** Waits until no email of the event is waiting to be sent (sent, failed or skipped). */
export async function settled(api: ApiHarness, eventId: string, timeoutMs = 15_000): Promise<void> {
  await eventually(async () => {
    const [row] = await sql<{ pending: number; total: number }>(
      api,
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*)::int AS total
         FROM notifications WHERE event_id = $1`,
      [eventId],
    );
    return row.total > 0 && row.pending === 0;
  }, timeoutMs);
  const failed = await sql(
    api,
    `SELECT kind, recipient, last_error FROM notifications WHERE event_id = $1 AND status = 'failed'`,
    [eventId],
  );
  if (failed.length > 0) throw new Error(`failed notifications: ${JSON.stringify(failed)}`);
}

/** Messages received for one address, in order of arrival. */
export const mailsTo = (smtp: TestSmtpServer, email: string): Promise<ParsedMail[]> => smtp.parsedFor(email);

/** Registers through the public API; fails the test on anything but 201. */
export async function registerThroughApi(
  api: ApiHarness,
  event: Pick<EventJson, 'id'>,
  overrides: Partial<RegisterDto> = {},
): Promise<{ id: string; email: string; status: 'confirmed' | 'waitlisted'; waitlistPosition?: number }> {
  const body = registrationBody(overrides);
  const res = await api.http.post(`/api/v1/events/${event.id}/registrations`).send(body);
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, email: body.email };
}

/** The link of a kind (`/cancel?token=`, `/events/slug?code=`) printed in a message's text part. */
export function linkIn(mail: ParsedMail, pattern: RegExp): URL {
  const match = (mail.text ?? '').match(pattern);
  if (!match) throw new Error(`no link matching ${pattern} in:\n${mail.text}`);
  return new URL(match[0]);
}

/** Every value stored under a key prefix in Redis (job data, options, events), as one string per key. */
export async function redisValues(redis: Redis, prefix: string): Promise<string[]> {
  const values: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', '1000');
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'hash') values.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'string') values.push((await redis.get(key)) ?? '');
      else if (type === 'list') values.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') values.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
      else if (type === 'set') values.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'stream') values.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
  } while (cursor !== '0');
  return values;
}
