import { EVENT_NOTIFICATION_KINDS, notificationKind } from '@cohost/domain';
import { clearCalendarCache, calendarCacheSize } from '../calendar/invitation-calendar';
import type { MailContext } from '../mail-context';
import { mailContext } from '../testing/mail-context.fixture';
import { composeFast } from '../transport/fast-mime';
import { bodyCacheSize, clearBodyCache, renderMessage, renderMessageUncached } from './render-message';

/** Readers of one fan-out: both languages, several zones, names that need escaping or none at all. */
const recipients: Array<MailContext['recipient']> = [
  { email: 'hanako@example.jp', name: '山田 花子', locale: 'ja', timezone: 'Asia/Tokyo' },
  { email: 'taro@example.jp', name: null, locale: 'ja', timezone: 'Asia/Tokyo' },
  { email: 'anna@example.dk', name: 'Anna <Jensen> & "Co"', locale: 'en', timezone: 'Europe/Copenhagen' },
  { email: 'lars@example.dk', name: '  ', locale: 'en', timezone: 'Europe/Copenhagen' },
  { email: 'mike@example.com', name: 'Mike O’Neil, PhD; Dept.', locale: 'en', timezone: 'America/New_York' },
  { email: 'priya@example.in', name: 'प्रिया', locale: 'ja', timezone: 'Asia/Kolkata' },
];

/** Each reader's own links, as the worker builds them (a fresh token per email). */
function personal(i: number): Pick<MailContext, 'links'> & { event: Partial<MailContext['event']> } {
  const token = `tok_${i}_${'x'.repeat(i * 7)}-_${i}`;
  return {
    event: { joinUrl: `https://cohost.example/j/${token}` },
    links: {
      event: 'https://cohost.example/events/rna-symposium',
      ics: 'https://cohost.example/api/v1/events/rna-symposium/calendar.ics',
      cancel: `https://cohost.example/cancel?token=${token}&x=<i>`,
      unsubscribe: `https://cohost.example/u/${token}`,
      erase: `https://cohost.example/erase/${token}`,
      register: `https://cohost.example/events/rna-symposium/register?code=${token}`,
    },
  };
}

function contextFor(kind: MailContext['kind'], i: number, extra: Partial<MailContext> = {}): MailContext {
  const own = personal(i);
  const base = mailContext();
  return {
    ...base,
    kind,
    notificationId: String(1000 + i),
    recipient: recipients[i % recipients.length],
    event: { ...base.event, sequence: 2, ...own.event, ...extra.event },
    links: { ...own.links, ...extra.links },
    data: {
      changed: ['startsAt', 'endsAt'],
      previous: { startsAt: '2026-12-09T09:00:00Z', endsAt: '2026-12-09T11:00:00Z' },
      ...extra.data,
    },
    ...(extra.inviter ? { inviter: extra.inviter } : {}),
  };
}

/** The whole message as the transports send it, with the composer's only variable part (boundary) fixed. */
function bytes(ctx: MailContext, cached: boolean): string {
  const message = (cached ? renderMessage : renderMessageUncached)(ctx);
  return composeFast(message, new Date('2026-11-25T19:15:00Z'))
    .toString('utf8')
    .replace(/_cohost_[0-9a-f]+[0-9a-z]*_/g, '_cohost_B_');
}

describe('render caches (recipient-independent parts rendered once)', () => {
  beforeEach(() => {
    clearBodyCache();
    clearCalendarCache();
  });

  it.each(EVENT_NOTIFICATION_KINDS)('%s: every reader gets byte for byte what rendering whole gives', (kind) => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < recipients.length * 2; i++) {
        const ctx = contextFor(kind, i);
        expect(renderMessage(ctx)).toEqual(renderMessageUncached(ctx));
        expect(bytes(ctx, true)).toBe(bytes(ctx, false));
      }
    }
  });

  it('renders each (language, zone, name or none) once for a fan-out of one event version', () => {
    for (let i = 0; i < 60; i++) renderMessage(contextFor('event.updated', i));
    // 6 readers: (ja, Tokyo, name), (ja, Tokyo, none), (en, CPH, name), (en, CPH, none), (en, NY), (ja, Kolkata).
    expect(bodyCacheSize()).toBe(6);
    // The calendar depends on the language only: one per language, whatever the join link.
    expect(calendarCacheSize()).toBe(2);
  });

  it('follows the event: a new version, title or time is rendered afresh', () => {
    const before = renderMessage(contextFor('event.updated', 0));
    const retitled = contextFor('event.updated', 0, {
      event: { sequence: 3, title: { en: 'New title', ja: '新しい題名' } } as MailContext['event'],
    });
    const after = renderMessage(retitled);
    expect(after.subject).not.toBe(before.subject);
    expect(after.text).toContain('新しい題名');
    expect(after).toEqual(renderMessageUncached(retitled));
    expect(after.icalEvent!.content).toContain('SEQUENCE:3');
  });

  it('renders whole, exactly, what cannot be spliced: a join link with a comma, a non-web link, mark characters', () => {
    const odd: Array<Partial<MailContext>> = [
      { event: { joinUrl: 'https://meet.example/j/1,2;3' } as MailContext['event'] },
      { links: { cancel: 'mailto:cancel@example.org' } as MailContext['links'] },
      { event: { title: { en: 'Title \uE000name\uE001', ja: '題\uE001' } } as MailContext['event'] },
    ];
    for (const extra of odd) {
      for (const kind of ['event.updated', 'registration.confirmed', 'event.cancelled'] as const) {
        for (let i = 0; i < 3; i++) {
          const ctx = contextFor(kind, i, extra);
          expect(renderMessage(ctx)).toEqual(renderMessageUncached(ctx));
        }
      }
    }
  });

  it('never gives one reader another reader’s name or links', () => {
    const kind = 'event.updated';
    expect(notificationKind(kind).joinLink).toBe(true);
    const first = renderMessage(contextFor(kind, 0));
    const second = renderMessage(contextFor(kind, 6)); // same language, zone and name presence as reader 0
    expect(second.text).toContain(personal(6).event.joinUrl!);
    expect(second.text).not.toContain(personal(0).event.joinUrl!);
    expect(second.icalEvent!.content.replace(/\r\n /g, '')).toContain(personal(6).event.joinUrl!);
    expect(first.text).not.toBe(second.text);
  });
});
