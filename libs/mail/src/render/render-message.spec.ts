import { EVENT_NOTIFICATION_KINDS, notificationKind } from '@cohost/domain';
import type { MailContext } from '../mail-context';
import { PermanentMailError } from '../mail-errors';
import { mailContext } from '../testing/mail-context.fixture';
import { renderMessage } from './render-message';

const english = { email: 'anna@example.dk', name: 'Anna Jensen', locale: 'en', timezone: 'Europe/Copenhagen' } as const;
const joinUrl = mailContext().event.joinUrl!;
const cancelUrl = mailContext().links.cancel!;

function all(message: ReturnType<typeof renderMessage>): string {
  return [message.subject, message.text, message.html, message.icalEvent?.content.replace(/\r\n /g, '') ?? ''].join(
    '\n',
  );
}

describe('renderMessage content', () => {
  it('writes a Japanese confirmation in natural Japanese with both zones labelled', () => {
    const m = renderMessage(mailContext({ host: { timezone: 'Europe/Copenhagen' } as MailContext['host'] }));
    expect(m.subject).toBe('「RNA創薬シンポジウム」のご登録が完了しました');
    expect(m.text).toContain('山田 花子 様');
    expect(m.text).toContain('日時: 2026年12月10日(木) 18:00〜20:00 JST / 10:00〜12:00 CET');
    expect(m.text).toContain('主催: ライフサイエンス・ハブ東京');
    expect(m.text).toContain('共催: デンマーク大使館');
    expect(m.html).toContain('<html lang="ja">');
  });

  it('writes an English confirmation in the registrant’s zone first, then the host’s', () => {
    const m = renderMessage(mailContext({ recipient: english }));
    expect(m.subject).toBe('Registration confirmed: RNA therapeutics symposium');
    expect(m.text).toContain('Dear Anna Jensen,');
    expect(m.text).toContain('When: Thu, 10 December 2026, 10:00–12:00 CET / 18:00–20:00 JST');
    expect(m.text).toContain('Host: Life Science Hub Tokyo');
    expect(m.text).toContain('Co-hosts: Embassy of Denmark');
  });

  it('shows summer time and the date again when the zones fall on different days', () => {
    const m = renderMessage(
      mailContext({
        recipient: english,
        event: {
          startsAt: new Date('2027-07-01T22:30:00Z'),
          endsAt: new Date('2027-07-02T00:00:00Z'),
        } as MailContext['event'],
      }),
    );
    expect(m.text).toContain('When: Fri, 2 July 2027, 00:30–02:00 CEST / 07:30–09:00 JST');
    const late = renderMessage(
      mailContext({
        recipient: english,
        event: {
          startsAt: new Date('2027-07-01T14:00:00Z'),
          endsAt: new Date('2027-07-01T16:00:00Z'),
        } as MailContext['event'],
      }),
    );
    expect(late.text).toContain('When: Thu, 1 July 2027, 16:00–18:00 CEST / 23:00 – Fri, 2 July 2027, 01:00 JST');
  });

  it('shows one zone when registrant and host share it', () => {
    const m = renderMessage(mailContext());
    expect(m.text).toContain('日時: 2026年12月10日(木) 18:00〜20:00 JST\n');
  });

  it('puts join and cancel links into confirmations and promotions', () => {
    for (const kind of ['registration.confirmed', 'registration.promoted'] as const) {
      const m = renderMessage(mailContext({ kind, recipient: english }));
      expect(m.text).toContain(`Join: ${joinUrl}`);
      expect(m.text).toContain(`Cancel your registration: ${cancelUrl}`);
      expect(m.html).toContain(`<a href="${cancelUrl}">`);
    }
    expect(renderMessage(mailContext({ kind: 'registration.promoted', recipient: english })).subject).toBe(
      'A seat opened up, you are registered: RNA therapeutics symposium',
    );
  });

  it('never prints the join link in waitlist, cancellation or invitation emails, even when given one (checklist 35)', () => {
    for (const kind of [
      'registration.waitlisted',
      'registration.cancelled',
      'event.cancelled',
      'event.cancelled.waitlisted',
      'invitation',
    ] as const) {
      const m = renderMessage(mailContext({ kind }));
      expect([kind, all(m).includes('meet.example')]).toEqual([kind, false]);
      expect([kind, all(m).includes(cancelUrl)]).toEqual([kind, kind === 'registration.waitlisted']);
    }
  });

  it('gives the waitlist email a link to leave the waitlist, in both languages', () => {
    const en = renderMessage(mailContext({ kind: 'registration.waitlisted', recipient: english }));
    expect(en.text).toContain(`Leave the waitlist: ${cancelUrl}`);
    expect(en.html).toContain(`<a href="${cancelUrl}">`);
    const ja = renderMessage(mailContext({ kind: 'registration.waitlisted' }));
    expect(ja.text).toContain(`キャンセル待ちの取り消し: ${cancelUrl}`);
  });

  it('tells a waitlisted registrant of a cancelled event without a calendar part', () => {
    const m = renderMessage(
      mailContext({
        kind: 'event.cancelled.waitlisted',
        recipient: english,
        event: { status: 'cancelled', cancelReason: 'Venue closed' } as MailContext['event'],
      }),
    );
    expect(m.icalEvent).toBeUndefined();
    expect(m.subject).toBe('Cancelled: RNA therapeutics symposium');
    expect(m.text).toContain('the waitlist you were on has been closed');
    expect(m.text).toContain('Reason: Venue closed');
  });

  it('prints the join link in updates and reminders, which go to confirmed registrants, but no cancel link', () => {
    for (const kind of ['event.updated', 'event.reminder'] as const) {
      const m = renderMessage(mailContext({ kind }));
      expect(m.text).toContain(`参加URL: ${joinUrl}`);
      expect(m.text).not.toContain(cancelUrl);
    }
  });

  it('states the waitlist position', () => {
    const m = renderMessage(
      mailContext({ kind: 'registration.waitlisted', data: { waitlistPosition: 3 }, recipient: english }),
    );
    expect(m.subject).toBe('Waitlisted (#3): RNA therapeutics symposium');
    expect(m.text).toContain('on the waitlist at position 3');
    expect(m.text).toContain('Waitlist position: 3');
    const ja = renderMessage(mailContext({ kind: 'registration.waitlisted', data: { waitlistPosition: 3 } }));
    expect(ja.subject).toBe('「RNA創薬シンポジウム」のキャンセル待ちを承りました（3番目）');
    expect(ja.text).toContain('キャンセル待ち順位: 3');
  });

  it('says what changed in an update: old → new time, title, join link', () => {
    const m = renderMessage(
      mailContext({
        kind: 'event.updated',
        recipient: english,
        event: { sequence: 2, title: { en: 'RNA symposium 2026' } } as MailContext['event'],
        data: {
          previous: {
            startsAt: '2026-12-09T09:00:00.000Z',
            endsAt: '2026-12-09T11:00:00.000Z',
            title: { en: 'RNA symposium' },
          },
          changed: ['startsAt', 'endsAt', 'joinUrl', 'title.en'],
        },
      }),
    );
    expect(m.subject).toBe('Updated: RNA symposium 2026');
    expect(m.text).toContain(
      'Time: Wed, 9 December 2026, 10:00–12:00 CET / 18:00–20:00 JST → Thu, 10 December 2026, 10:00–12:00 CET / 18:00–20:00 JST',
    );
    expect(m.text).toContain('Title: RNA symposium → RNA symposium 2026');
    expect(m.text).toContain('The join link has changed');
    expect(m.html).toContain('<li>Time: Wed, 9 December 2026');
  });

  it('infers the change from previous values when the producer gives no list', () => {
    const m = renderMessage(
      mailContext({
        kind: 'event.updated',
        data: { previous: { startsAt: '2026-12-10T08:00:00Z', endsAt: '2026-12-10T11:00:00Z' } },
      }),
    );
    expect(m.text).toContain('日時: 2026年12月10日(木) 17:00〜20:00 JST → 2026年12月10日(木) 18:00〜20:00 JST');
    expect(m.text).not.toContain('タイトル:');
  });

  it('tells in a reminder when the event starts', () => {
    const m = renderMessage(
      mailContext({
        kind: 'event.reminder',
        recipient: english,
        sentAt: new Date('2026-12-09T09:00:00.400Z'),
        data: { offset: 'P1D' },
      }),
    );
    expect(m.subject).toBe('Reminder: RNA therapeutics symposium starts in 1 day');
    expect(m.text).toContain('"RNA therapeutics symposium" starts in 1 day.');
    const ja = renderMessage(mailContext({ kind: 'event.reminder', sentAt: new Date('2026-12-10T07:30:00Z') }));
    expect(ja.subject).toBe('【リマインダー】「RNA創薬シンポジウム」は1時間30分後に始まります');
  });

  it('carries the register link and the event description in invitations', () => {
    const register = 'https://cohost.example/events/rna-symposium?code=inv_123';
    const m = renderMessage(
      mailContext({
        kind: 'invitation',
        recipient: { ...english, name: null },
        links: { register } as MailContext['links'],
      }),
    );
    expect(m.subject).toBe(
      'ライフサイエンス・ハブ東京より「RNA創薬シンポジウム」へのご招待 / Invitation from Life Science Hub Tokyo: RNA therapeutics symposium',
    );
    expect(m.text).toContain('Hello,');
    expect(m.text).toContain(`Register: ${register}`);
    expect(m.text).toContain(`ご登録はこちら: ${register}`);
    expect(m.text).toContain('Talks and a panel.');
    expect(m.text).toContain('講演とパネルディスカッション。');
    expect(m.to).toEqual({ name: '', address: 'anna@example.dk' });
  });

  it('says which partner invites, in Japanese and English, with the event’s, host’s and inviter’s zones; replies reach the inviter', () => {
    const m = renderMessage(
      mailContext({
        kind: 'invitation',
        recipient: { ...english, name: null },
        event: { timezone: 'Asia/Tokyo' } as MailContext['event'],
        inviter: {
          slug: 'dk-embassy',
          name: { en: 'Embassy of Denmark', ja: 'デンマーク大使館' },
          timezone: 'Europe/Copenhagen',
          contactEmail: 'events@embassy.example.dk',
        },
        links: { register: 'https://cohost.example/events/rna-symposium?code=c' } as MailContext['links'],
      }),
    );
    expect(m.subject).toBe(
      'デンマーク大使館より「RNA創薬シンポジウム」へのご招待 / Invitation from Embassy of Denmark: RNA therapeutics symposium',
    );
    expect(m.text).toContain(
      'デンマーク大使館より「RNA創薬シンポジウム」（主催: ライフサイエンス・ハブ東京）へのご招待です。',
    );
    expect(m.text).toContain(
      'Embassy of Denmark invites you to "RNA therapeutics symposium", hosted by Life Science Hub Tokyo.',
    );
    expect(m.text).toContain('日時: 2026年12月10日(木) 18:00〜20:00 JST / 10:00〜12:00 CET');
    expect(m.text).toContain('When: Thu, 10 December 2026, 18:00–20:00 JST / 10:00–12:00 CET');
    expect(m.text).toContain('Invited by: Embassy of Denmark');
    expect(m.html).toContain('<div lang="en">');
    expect(m.text.indexOf('ご招待です')).toBeLessThan(m.text.indexOf('invites you'));
    // "Replies reach Embassy of Denmark": Reply-To is the inviter's contact, in the email's first language.
    expect(m.text).toContain('Replies reach Embassy of Denmark.');
    expect(m.replyTo).toEqual({ name: 'デンマーク大使館', address: 'events@embassy.example.dk' });
  });

  it('writes the times of a host’s invitation in the accepted co-hosts’ zones too, each zone once, replies to the host', () => {
    const ctx = (cohosts: MailContext['cohosts']) =>
      mailContext({
        kind: 'invitation',
        recipient: { ...english, name: null },
        inviter: { ...mailContext().host },
        cohosts,
        links: { register: 'https://cohost.example/events/rna-symposium?code=c' } as MailContext['links'],
      });
    const m = renderMessage(
      ctx([
        { slug: 'dk-embassy', name: { en: 'Embassy of Denmark' }, timezone: 'Europe/Copenhagen' },
        { slug: 'jp-2', name: { en: 'Osaka Bio' }, timezone: 'Asia/Tokyo' },
        { slug: 'ny', name: { en: 'New York Bio' }, timezone: 'America/New_York' },
        { slug: 'dk-2', name: { en: 'Copenhagen Bio' }, timezone: 'Europe/Copenhagen' },
      ]),
    );
    expect(m.text).toContain('When: Thu, 10 December 2026, 18:00–20:00 JST / 10:00–12:00 CET / 04:00–06:00 EST');
    expect(m.text).toContain('日時: 2026年12月10日(木) 18:00〜20:00 JST / 10:00〜12:00 CET / 04:00〜06:00 EST');
    expect(m.replyTo).toEqual({ name: 'ライフサイエンス・ハブ東京', address: 'events@hub.example.jp' });
    // Other kinds keep the reader's and the host's zones, whatever the co-hosts' are.
    const confirmed = renderMessage(
      mailContext({
        recipient: english,
        cohosts: [{ slug: 'ny', name: { en: 'New York Bio' }, timezone: 'America/New_York' }],
      }),
    );
    expect(confirmed.text).not.toContain('EST');
    expect(confirmed.replyTo).toEqual({ name: 'Life Science Hub Tokyo', address: 'events@hub.example.jp' });
  });

  it('shows the reason of an event cancellation', () => {
    const m = renderMessage(
      mailContext({
        kind: 'event.cancelled',
        event: { status: 'cancelled', cancelReason: 'Speaker is ill <b>' } as MailContext['event'],
      }),
    );
    expect(m.subject).toBe('【開催中止】「RNA創薬シンポジウム」は開催中止となりました');
    expect(m.text).toContain('中止の理由: Speaker is ill <b>');
    expect(m.html).toContain('中止の理由: Speaker is ill &lt;b&gt;');
  });

  it('builds addresses as objects, Reply-To the host contact', () => {
    const m = renderMessage(mailContext({ recipient: english }));
    expect(m.from).toEqual({
      name: 'Life Science Hub Tokyo × Embassy of Denmark via cohost',
      address: 'no-reply@cohost.example',
    });
    expect(m.to).toEqual({ name: 'Anna Jensen', address: 'anna@example.dk' });
    expect(m.replyTo).toEqual({ name: 'Life Science Hub Tokyo', address: 'events@hub.example.jp' });
  });

  it('uses a Message-ID the caller gives (the worker’s per-row id) as it is', () => {
    const given = '<n77.event-1@cohost.example>';
    expect(renderMessage(mailContext({ notificationId: undefined }), { messageId: given }).messageId).toBe(given);
    expect(renderMessage(mailContext({ notificationId: '77' }), { messageId: given }).messageId).toBe(given);
  });

  it('gives the same Message-ID when a job renders again, and a different one per notification', () => {
    const a = renderMessage(mailContext({ notificationId: '123' }));
    expect(a.messageId).toBe('<n-123.cohost@cohost.example>');
    expect(renderMessage(mailContext({ notificationId: '123', sentAt: new Date() })).messageId).toBe(a.messageId);
    expect(renderMessage(mailContext({ notificationId: '124' })).messageId).not.toBe(a.messageId);
    const derived = renderMessage(mailContext({ notificationId: undefined }));
    expect(derived.messageId).toMatch(/^<h-[0-9a-f]{32}\.cohost@cohost\.example>$/);
    expect(renderMessage(mailContext({ notificationId: undefined })).messageId).toBe(derived.messageId);
    expect(
      renderMessage(mailContext({ notificationId: undefined, event: { sequence: 1 } as MailContext['event'] }))
        .messageId,
    ).not.toBe(derived.messageId);
  });

  it('renders every kind in both languages', () => {
    for (const kind of EVENT_NOTIFICATION_KINDS) {
      for (const locale of ['en', 'ja'] as const) {
        const m = renderMessage(mailContext({ kind, recipient: { locale } as MailContext['recipient'] }));
        expect(m.subject.length).toBeGreaterThan(5);
        expect(m.text).toContain(locale === 'ja' ? 'RNA創薬シンポジウム' : 'RNA therapeutics symposium');
        expect(m.html).toContain(`lang="${locale}"`);
      }
    }
  });

  it('refuses addresses with quotes, spaces or CR/LF with a permanent error, for every kind (checklist 31)', () => {
    const bad = [
      '"quoted"@example.jp',
      'with space@example.jp',
      'a@example.jp\r\nBcc: x@evil.example',
      'Name <a@example.jp>',
    ];
    for (const kind of EVENT_NOTIFICATION_KINDS) {
      for (const email of bad) {
        expect(() => renderMessage(mailContext({ kind, recipient: { email } as MailContext['recipient'] }))).toThrow(
          PermanentMailError,
        );
      }
      expect(() =>
        renderMessage(
          mailContext({ kind, host: { contactEmail: 'x@y.example\nBcc: z@evil.example' } as MailContext['host'] }),
        ),
      ).toThrow(PermanentMailError);
    }
  });

  it('reads the producer’s data: cancellation reason from data.reason, title change in another language only', () => {
    const cancelled = renderMessage(
      mailContext({
        kind: 'event.cancelled',
        recipient: english,
        event: { status: 'cancelled', cancelReason: undefined } as MailContext['event'],
        data: { reason: 'Venue closed' },
      }),
    );
    expect(cancelled.text).toContain('Reason: Venue closed');
    const jaOnly = renderMessage(
      mailContext({
        kind: 'event.updated',
        recipient: english,
        data: {
          previous: {
            startsAt: '2026-12-10T09:00:00.000Z',
            endsAt: '2026-12-10T11:00:00.000Z',
            title: { en: 'RNA therapeutics symposium', ja: '旧タイトル' },
          },
          changed: ['title.ja'],
        },
      }),
    );
    expect(jaOnly.text).not.toContain('Title:');
    expect(jaOnly.text).not.toContain('Time:');
  });
});

describe('footer links', () => {
  const erase = 'https://cohost.example/erasure?token=abc.def';
  const unsubscribe = 'https://cohost.example/unsubscribe?token=abc.ghi';

  it.each(EVENT_NOTIFICATION_KINDS)('%s: the erase link in text and HTML; unsubscribe only on bulk kinds', (kind) => {
    const m = renderMessage(mailContext({ kind, links: { erase, unsubscribe } as MailContext['links'] }));
    expect(m.text).toContain(erase);
    expect(m.html).toContain(`href="${erase}"`);
    const bulk = notificationKind(kind).listUnsubscribe;
    expect(m.text.includes(unsubscribe)).toBe(bulk);
    expect(m.html.includes(unsubscribe)).toBe(bulk);
  });
});
