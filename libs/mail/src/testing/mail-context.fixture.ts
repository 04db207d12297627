import { calendarUid } from '../calendar/calendar-uid';
import type { MailContext } from '../mail-context';

/** Test-only: a complete context for one recipient; override what a test is about. */
export function mailContext(overrides: Partial<MailContext> = {}): MailContext {
  const eventId = overrides.event?.id ?? '3f1c2a9e-7b5d-4c21-9e0a-5d8f6b7c1a20';
  const base: MailContext = {
    kind: 'registration.confirmed',
    notificationId: '123',
    sentAt: new Date('2026-11-25T19:15:00.123Z'),
    from: { name: 'cohost', address: 'no-reply@cohost.example' },
    recipient: { email: 'hanako@example.jp', name: '山田 花子', locale: 'ja', timezone: 'Asia/Tokyo' },
    event: {
      id: eventId,
      slug: 'rna-symposium',
      uid: calendarUid(eventId),
      sequence: 0,
      status: 'published',
      title: { en: 'RNA therapeutics symposium', ja: 'RNA創薬シンポジウム' },
      description: { en: 'Talks and a panel.', ja: '講演とパネルディスカッション。' },
      startsAt: new Date('2026-12-10T09:00:00Z'),
      endsAt: new Date('2026-12-10T11:00:00Z'),
      timezone: 'Asia/Tokyo',
      joinUrl: 'https://meet.example/j/12345?pwd=secret',
      cancelReason: null,
    },
    host: {
      slug: 'lifescience-hub',
      name: { en: 'Life Science Hub Tokyo', ja: 'ライフサイエンス・ハブ東京' },
      timezone: 'Asia/Tokyo',
      contactEmail: 'events@hub.example.jp',
    },
    cohosts: [{ slug: 'dk-embassy', name: { en: 'Embassy of Denmark', ja: 'デンマーク大使館' } }],
    links: {
      event: 'https://cohost.example/events/rna-symposium',
      cancel: 'https://cohost.example/cancel?token=tok_abc',
      ics: 'https://cohost.example/api/v1/events/rna-symposium/calendar.ics',
    },
    data: {},
  };
  return {
    ...base,
    ...overrides,
    recipient: { ...base.recipient, ...overrides.recipient },
    event: { ...base.event, ...overrides.event },
    host: { ...base.host, ...overrides.host },
    links: { ...base.links, ...overrides.links },
  };
}
