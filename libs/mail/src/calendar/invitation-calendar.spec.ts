import { renderMessage } from '../render/render-message';
import type { MailContext } from '../mail-context';
import { mailContext } from '../testing/mail-context.fixture';
import { expectWellFormedLines, parseCalendar, properties, unfold } from '../testing/ical-assertions';
import { PermanentMailError } from '../mail-errors';
import { mailto } from './ical-text';
import { calendarCacheSize, clearCalendarCache } from './invitation-calendar';

function calendarOf(ctx: MailContext): string {
  const message = renderMessage(ctx);
  if (!message.icalEvent) throw new Error(`${ctx.kind} has no calendar part`);
  return message.icalEvent.content;
}

describe('invitation calendars', () => {
  beforeEach(() => clearCalendarCache());

  it('keeps the UID of the event across renders, recipients and kinds (checklist 1)', () => {
    const first = calendarOf(mailContext());
    const again = calendarOf(mailContext());
    const other = calendarOf(
      mailContext({
        recipient: { email: 'anna@example.dk', name: 'Anna', locale: 'en', timezone: 'Europe/Copenhagen' },
      }),
    );
    const cancel = calendarOf(mailContext({ kind: 'registration.cancelled' }));
    const uid = mailContext().event.uid;
    for (const text of [first, again, other, cancel]) expect(properties(text, 'UID')).toEqual([`UID:${uid}`]);
    expect(uid).toMatch(/^[A-Za-z0-9._@-]+$/);
  });

  it('writes the event sequence, which never goes down through invite, cancel, re-invite (checklist 2, 3)', () => {
    const invite = calendarOf(mailContext({ event: { sequence: 0 } as MailContext['event'] }));
    const update1 = calendarOf(mailContext({ kind: 'event.updated', event: { sequence: 1 } as MailContext['event'] }));
    const update2 = calendarOf(mailContext({ kind: 'event.updated', event: { sequence: 2 } as MailContext['event'] }));
    const cancelled = calendarOf(
      mailContext({ kind: 'event.cancelled', event: { sequence: 3, status: 'cancelled' } as MailContext['event'] }),
    );
    const sequences = [invite, update1, update2, cancelled].map((t) => parseCalendar(t).events[0].sequence);
    expect(sequences).toEqual([0, 1, 2, 3]);
    for (let i = 1; i < sequences.length; i++) expect(sequences[i]).toBeGreaterThan(sequences[i - 1]);
  });

  it('writes DTSTAMP as the send time in UTC (checklist 4)', () => {
    const text = calendarOf(mailContext({ sentAt: new Date('2026-11-25T19:15:42.987Z') }));
    const stamps = properties(text, 'DTSTAMP');
    expect(stamps).toEqual(['DTSTAMP:20261125T191542Z']);
    expect(stamps[0].slice('DTSTAMP:'.length)).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('has exactly one ORGANIZER, ATTENDEE, DTSTART, DTEND, DTSTAMP, SUMMARY, UID, SEQUENCE in a REQUEST (checklist 7)', () => {
    const text = calendarOf(mailContext());
    for (const name of ['ORGANIZER', 'ATTENDEE', 'DTSTART', 'DTEND', 'DTSTAMP', 'SUMMARY', 'UID', 'SEQUENCE']) {
      expect([name, properties(text, name).length]).toEqual([name, 1]);
    }
    expect(properties(text, 'METHOD')).toEqual(['METHOD:REQUEST']);
    expect(unfold(text).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });

  it('makes the recipient the ATTENDEE with PARTSTAT=NEEDS-ACTION and explicit RSVP=FALSE (checklist 8)', () => {
    const [attendee] = properties(calendarOf(mailContext()), 'ATTENDEE');
    expect(attendee).toContain(';PARTSTAT=NEEDS-ACTION');
    expect(attendee).toContain(';RSVP=FALSE');
    expect(attendee).toContain(';CN="山田 花子"');
    expect(attendee.endsWith(':mailto:hanako@example.jp')).toBe(true);
  });

  it('makes the ORGANIZER a bare mailto: of the sender with CN = the host partner (checklist 9)', () => {
    const en = calendarOf(mailContext({ recipient: { locale: 'en' } as MailContext['recipient'] }));
    expect(properties(en, 'ORGANIZER')).toEqual([
      'ORGANIZER;CN="Life Science Hub Tokyo":mailto:no-reply@cohost.example',
    ]);
    const ja = calendarOf(mailContext());
    expect(properties(ja, 'ORGANIZER')).toEqual([
      'ORGANIZER;CN="ライフサイエンス・ハブ東京":mailto:no-reply@cohost.example',
    ]);
  });

  it('sends CANCEL without STATUS:CANCELLED when the registrant cancels (checklist 10)', () => {
    const text = calendarOf(
      mailContext({ kind: 'registration.cancelled', event: { sequence: 4 } as MailContext['event'] }),
    );
    const parsed = parseCalendar(text);
    expect(parsed.method).toBe('CANCEL');
    expect(parsed.events).toHaveLength(1);
    expect(parsed.events[0]).toMatchObject({ uid: mailContext().event.uid, sequence: 4 });
    expect(parsed.events[0].status).toBeUndefined();
    expect(properties(text, 'STATUS')).toEqual([]);
    expect(unfold(text)).not.toContain('BEGIN:VALARM');
    expect(properties(text, 'ATTENDEE')).toHaveLength(1);
  });

  it('sends CANCEL with STATUS:CANCELLED and no VALARM when the event is cancelled (checklist 10)', () => {
    const text = calendarOf(
      mailContext({ kind: 'event.cancelled', event: { sequence: 5, status: 'cancelled' } as MailContext['event'] }),
    );
    const parsed = parseCalendar(text);
    expect(parsed.method).toBe('CANCEL');
    expect(parsed.events[0]).toMatchObject({ sequence: 5, status: 'CANCELLED' });
    expect(properties(text, 'STATUS')).toEqual(['STATUS:CANCELLED']);
    expect(unfold(text)).not.toContain('BEGIN:VALARM');
  });

  it('has no calendar part for waitlist, reminder and invitation emails', () => {
    for (const kind of ['registration.waitlisted', 'event.reminder', 'invitation'] as const) {
      expect(renderMessage(mailContext({ kind })).icalEvent).toBeUndefined();
    }
  });

  it('folds a long Japanese title at 75 octets with CRLF, never inside a character (checklist 12)', () => {
    const title =
      '第12回 日本・デンマーク ライフサイエンス連携シンポジウム：RNA創薬と細胞治療の最前線🧬 — 産学官の共創に向けて'.repeat(
        3,
      );
    const text = calendarOf(
      mailContext({
        event: { title: { ja: title } } as MailContext['event'],
        recipient: { name: '長い名前の参加者さん'.repeat(6) } as MailContext['recipient'],
      }),
    );
    expectWellFormedLines(text);
    expect(text.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);
    expect(parseCalendar(text).events[0].summary).toBe(title);
  });

  it('escapes user text so CR/LF, commas, semicolons and backslashes never make a line, property or component (checklist 32)', () => {
    const title =
      'Evil, title; with \\ backslash\r\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:other\rATTENDEE:mailto:x@evil.example';
    const text = calendarOf(
      mailContext({
        event: { title: { en: title, ja: title } } as MailContext['event'],
        recipient: { name: 'Mallory\r\nATTENDEE:mailto:bcc@evil.example "quoted";x=y:z' } as MailContext['recipient'],
        host: { name: { en: 'Host\r\nORGANIZER:mailto:evil@evil.example' } } as MailContext['host'],
      }),
    );
    expectWellFormedLines(text);
    const lines = unfold(text);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(1);
    expect(properties(text, 'ATTENDEE')).toHaveLength(1);
    expect(properties(text, 'ORGANIZER')).toHaveLength(1);
    expect(properties(text, 'UID')).toHaveLength(1);
    const parsed = parseCalendar(text);
    expect(parsed.events).toHaveLength(1);
    expect(parsed.events[0].summary).toBe(title.replace(/\r\n?/g, '\n'));
    expect(properties(text, 'ATTENDEE')[0]).toMatch(
      /^ATTENDEE;CN="Mallory ATTENDEE:mailto:bcc@evil.example 'quoted';x=y:z";[^"]*:mailto:hanako@example\.jp$/,
    );
  });

  it('refuses a recipient address that would break the calendar line', () => {
    expect(() =>
      calendarOf(mailContext({ recipient: { email: 'a@b.example\r\nX:y' } as MailContext['recipient'] })),
    ).toThrow(PermanentMailError);
  });

  it('matches start, end, UID, SEQUENCE, METHOD and STATUS with the input under an independent parser (checklist 13)', () => {
    const cases: Array<[MailContext['kind'], string, string | undefined]> = [
      ['registration.confirmed', 'REQUEST', 'CONFIRMED'],
      ['registration.promoted', 'REQUEST', 'CONFIRMED'],
      ['event.updated', 'REQUEST', 'CONFIRMED'],
      ['registration.cancelled', 'CANCEL', undefined],
      ['event.cancelled', 'CANCEL', 'CANCELLED'],
    ];
    for (const [kind, method, status] of cases) {
      const ctx = mailContext({
        kind,
        event: {
          sequence: 7,
          startsAt: new Date('2027-03-29T00:30:00Z'),
          endsAt: new Date('2027-03-29T02:00:00Z'),
          timezone: 'Europe/Copenhagen',
        } as MailContext['event'],
      });
      const message = renderMessage(ctx);
      const parsed = parseCalendar(message.icalEvent!.content);
      expect(parsed.method).toBe(method);
      expect(message.icalEvent!.method).toBe(method);
      expect(parsed.events).toHaveLength(1);
      expect(parsed.events[0]).toMatchObject({
        uid: ctx.event.uid,
        sequence: 7,
        start: ctx.event.startsAt,
        end: ctx.event.endsAt,
        dtstamp: new Date('2026-11-25T19:15:00Z'),
      });
      expect(parsed.events[0].status).toBe(status);
    }
  });

  it('puts the join link only into REQUESTs, never into CANCELs', () => {
    const joinUrl = mailContext().event.joinUrl!;
    expect(calendarOf(mailContext()).replace(/\r\n /g, '')).toContain(joinUrl);
    for (const kind of ['registration.cancelled', 'event.cancelled'] as const) {
      expect(calendarOf(mailContext({ kind })).replace(/\r\n /g, '')).not.toContain('meet.example');
    }
  });

  describe('the per-event template cache', () => {
    it('builds the shared part once per event version and substitutes recipient and stamp correctly', () => {
      const a = calendarOf(mailContext());
      expect(calendarCacheSize()).toBe(1);
      const b = calendarOf(
        mailContext({
          sentAt: new Date('2026-11-26T01:02:03Z'),
          recipient: { email: 'taro@example.jp', name: 'Taro "T" Yamada' } as MailContext['recipient'],
        }),
      );
      expect(calendarCacheSize()).toBe(1);
      expect(properties(b, 'ATTENDEE')).toHaveLength(1);
      expect(properties(b, 'ATTENDEE')[0]).toContain(`CN="Taro 'T' Yamada"`);
      expect(properties(b, 'ATTENDEE')[0]).toMatch(/:mailto:taro@example\.jp$/);
      expect(properties(b, 'DTSTAMP')).toEqual(['DTSTAMP:20261126T010203Z']);
      expect(properties(a, 'ATTENDEE')[0]).toMatch(/:mailto:hanako@example\.jp$/);
      // Nothing else differs between the two recipients' files.
      const strip = (t: string) => unfold(t).filter((l) => !l.startsWith('ATTENDEE') && !l.startsWith('DTSTAMP'));
      expect(strip(b)).toEqual(strip(a));
      expectWellFormedLines(b);
    });

    it('gives a new template when anything of the event changes, so no stale content is sent', () => {
      const base = calendarOf(mailContext());
      const retitled = calendarOf(mailContext({ event: { title: { ja: '新しいタイトル' } } as MailContext['event'] }));
      const described = calendarOf(
        mailContext({ event: { description: { ja: '新しい説明' } } as MailContext['event'] }),
      );
      const moved = calendarOf(
        mailContext({ event: { startsAt: new Date('2026-12-10T10:00:00Z') } as MailContext['event'] }),
      );
      expect(properties(retitled, 'SUMMARY')).toEqual(['SUMMARY:新しいタイトル']);
      expect(unfold(described).join('\n')).toContain('新しい説明');
      expect(properties(moved, 'DTSTART')).toEqual(['DTSTART:20261210T100000Z']);
      expect(properties(base, 'DTSTART')).toEqual(['DTSTART:20261210T090000Z']);
      expect(calendarCacheSize()).toBe(4);
    });
  });
});

describe('internationalised recipient addresses', () => {
  it('writes a punycode domain and a percent-encoded local part in the ATTENDEE mailto:', () => {
    const message = renderMessage(mailContext({ recipient: { email: 'はなこ@例え.jp' } as MailContext['recipient'] }));
    expect(properties(message.icalEvent!.content, 'ATTENDEE')[0]).toMatch(
      /:mailto:%E3%81%AF%E3%81%AA%E3%81%93@xn--r8jz45g\.jp$/,
    );
    expect(message.to.address).toBe('はなこ@例え.jp');
  });
});

describe('mailto', () => {
  it('refuses what could end the line or the URI', () => {
    for (const bad of ['a b@x.example', 'a@b.example\r\nX:y', '"a"@x.example', 'a;b@x.example', 'nobody', 'a@']) {
      expect(() => mailto(bad)).toThrow(PermanentMailError);
    }
    expect(mailto("o'brien+tag@example.ie")).toBe("mailto:o'brien+tag@example.ie");
  });
});
