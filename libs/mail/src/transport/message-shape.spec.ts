import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { MailContext } from '../mail-context';
import { renderMessage } from '../render/render-message';
import { mailContext } from '../testing/mail-context.fixture';
import { parseCalendar, properties, unfold } from '../testing/ical-assertions';
import { headerBlock, headerLines, parseMime } from '../testing/mime-tree';
import { composeMessage, composeWithNodemailer } from './compose-message';
import { canComposeFast } from './fast-mime';
import { toNodemailerMessage } from './mail-transport';

const composers = {
  fast: async (ctx: MailContext) => {
    const message = renderMessage(ctx);
    expect(canComposeFast(message)).toBe(true);
    return (await composeMessage(message)).raw.toString('utf8');
  },
  nodemailer: async (ctx: MailContext) => (await composeWithNodemailer(renderMessage(ctx))).raw.toString('utf8'),
};

describe.each(Object.keys(composers) as Array<keyof typeof composers>)('the sent message (%s composer)', (composer) => {
  const raw = composers[composer];

  it.each([
    ['registration.confirmed', 'REQUEST'],
    ['event.updated', 'REQUEST'],
    ['registration.cancelled', 'CANCEL'],
    ['event.cancelled', 'CANCEL'],
  ] as const)(
    '%s is multipart/mixed{alternative{plain, html, calendar; method=%s}, .ics} (checklist 6, 11)',
    async (kind, method) => {
      const tree = parseMime(await raw(mailContext({ kind })));
      expect(tree.contentType).toBe('multipart/mixed');
      expect(tree.children.map((c) => c.contentType)).toEqual(['multipart/alternative', 'application/ics']);
      const [alternative, attachment] = tree.children;
      expect(alternative.children.map((c) => c.contentType)).toEqual(['text/plain', 'text/html', 'text/calendar']);
      const calendarPart = alternative.children[2];
      expect(calendarPart.params.method).toBe(method);
      expect(calendarPart.params.charset?.toLowerCase()).toBe('utf-8');
      expect(attachment.disposition).toBe('attachment');
      expect(attachment.params.name).toMatch(/\.ics$/);

      const parsed = await simpleParser(await raw(mailContext({ kind })));
      const calendars = parsed.attachments.filter((a) => /calendar|ics/.test(a.contentType));
      expect(calendars.length).toBeGreaterThanOrEqual(1);
      for (const file of calendars) {
        const text = file.content.toString('utf8');
        // METHOD in the file equals method= in the MIME part (checklist 6).
        expect(properties(text, 'METHOD')).toEqual([`METHOD:${method}`]);
        expect(parseCalendar(text).method).toBe(method);
      }
    },
  );

  it('has no calendar part for waitlist, reminder and invitation emails', async () => {
    for (const kind of ['registration.waitlisted', 'event.reminder', 'invitation'] as const) {
      const tree = parseMime(
        await raw(mailContext({ kind, links: { register: 'https://c.example/r?code=x' } as MailContext['links'] })),
      );
      expect(tree.contentType).toBe('multipart/alternative');
      expect(tree.children.map((c) => c.contentType)).toEqual(['text/plain', 'text/html']);
    }
  });

  it('keeps a title and names with "\\r\\nBcc: x" to one header each and no Bcc (checklist 30)', async () => {
    const evil = '\r\nBcc: bcc@evil.example\r\nX-Injected: 1';
    const message = await raw(
      mailContext({
        recipient: { name: `Mallory${evil}`, locale: 'en' } as MailContext['recipient'],
        event: { title: { en: `Title${evil}`, ja: `Title${evil}` } } as MailContext['event'],
        host: { name: { en: `Host${evil}` } } as MailContext['host'],
        from: { name: `cohost${evil}`, address: 'no-reply@cohost.example' },
      }),
    );
    const lines = headerLines(headerBlock(message));
    expect(lines.filter((l) => /^bcc:/i.test(l))).toEqual([]);
    expect(lines.filter((l) => /^x-injected:/i.test(l))).toEqual([]);
    for (const name of ['subject', 'to', 'from', 'reply-to', 'message-id']) {
      expect([name, lines.filter((l) => l.toLowerCase().startsWith(`${name}:`)).length]).toEqual([name, 1]);
    }
    const parsed = await simpleParser(message);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).toBe('Registration confirmed: Title Bcc: bcc@evil.example X-Injected: 1');
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value).toEqual([{ name: 'Mallory Bcc: bcc@evil.example X-Injected: 1', address: 'hanako@example.jp' }]);
    const replyTo = parsed.replyTo?.value;
    expect(replyTo).toEqual([{ name: 'Host Bcc: bcc@evil.example X-Injected: 1', address: 'events@hub.example.jp' }]);
    // The calendar part: one VEVENT, one ATTENDEE.
    const ics = parsed.attachments.find((a) => a.contentType.includes('calendar') || a.contentType.includes('ics'));
    const text = ics!.content.toString('utf8');
    expect(unfold(text).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(properties(text, 'ATTENDEE')).toHaveLength(1);
  });

  it('escapes a name like <img src=x onerror=...> once in HTML and leaves it raw in text and subject (checklist 34)', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const parsed = await simpleParser(
      await raw(
        mailContext({
          recipient: { name: evil, locale: 'en' } as MailContext['recipient'],
          event: { title: { en: `A & B ${evil}` } } as MailContext['event'],
        }),
      ),
    );
    const html = String(parsed.html);
    expect(html).not.toContain('<img');
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBeGreaterThanOrEqual(2);
    expect(html).not.toContain('&amp;lt;');
    expect(html).toContain('A &amp; B');
    expect(html).not.toContain('&amp;amp;');
    expect(parsed.text).toContain(`Dear ${evil},`);
    expect(parsed.text).toContain(`A & B ${evil}`);
    expect(parsed.subject).toBe(`Registration confirmed: A & B ${evil}`);
  });

  it('carries the calendar inline with file and URL access disabled (checklist 33)', async () => {
    const options = toNodemailerMessage(renderMessage(mailContext()));
    expect(options).toMatchObject({ disableFileAccess: true, disableUrlAccess: true });
    expect(options.icalEvent).toEqual({
      method: 'REQUEST',
      filename: 'invite.ics',
      content: expect.stringContaining('BEGIN:VCALENDAR'),
    });
    // nodemailer honours the flags: a path or URL would be refused, not read.
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true });
    await expect(
      stream.sendMail({ ...options, icalEvent: { method: 'REQUEST', path: '/etc/hostname' } }),
    ).rejects.toThrow(/File access rejected/);
    await expect(
      stream.sendMail({ ...options, icalEvent: { method: 'REQUEST', href: 'http://127.0.0.1:9/x.ics' } }),
    ).rejects.toThrow(/Url access rejected/);
  });

  it('sets the deterministic Message-ID, Reply-To the host and auto-submitted headers', async () => {
    const parsed = await simpleParser(await raw(mailContext({ notificationId: '123' })));
    expect(parsed.messageId).toBe('<n-123.cohost@cohost.example>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const from = parsed.from?.value[0];
    expect(from).toEqual({
      name: 'ライフサイエンス・ハブ東京 × デンマーク大使館 via cohost',
      address: 'no-reply@cohost.example',
    });
  });

  it("names the hosting partners in From, in the reader's language, exact after parsing (checklist 42)", async () => {
    const ctx = mailContext({
      recipient: { email: 'anna@example.dk', name: 'Anna', locale: 'en', timezone: 'Europe/Copenhagen' },
      host: { slug: 'link-j', name: { en: 'LINK-J' }, timezone: 'Asia/Tokyo', contactEmail: 'info@link-j.example' },
      cohosts: [{ slug: 'dk', name: { en: 'Royal Danish Embassy, Tokyo (Trade <Council>)' } }],
    });
    const parsed = await simpleParser(await raw(ctx));
    expect(parsed.from?.value[0]).toEqual({
      name: 'LINK-J × Royal Danish Embassy, Tokyo (Trade <Council>) via cohost',
      address: 'no-reply@cohost.example',
    });
    expect(parsed.replyTo?.value[0]).toEqual({ name: 'LINK-J', address: 'info@link-j.example' });
  });

  it('carries RFC 8058 one-click unsubscribe on invitations only, the URL intact', async () => {
    const unsubscribe = `https://cohost.example/unsubscribe?token=${'aGFuYWtvQGV4YW1wbGUuanA'}.${'x'.repeat(43)}`;
    const invitation = headerLines(
      headerBlock(await raw(mailContext({ kind: 'invitation', links: { unsubscribe } as MailContext['links'] }))),
    );
    expect(invitation).toContain(`List-Unsubscribe: <${unsubscribe}>`);
    expect(invitation).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    for (const kind of [
      'registration.confirmed',
      'event.updated',
      'event.cancelled',
      'registration.cancelled',
    ] as const) {
      const message = await raw(mailContext({ kind, links: { unsubscribe } as MailContext['links'] }));
      expect(message).not.toMatch(/^List-Unsubscribe/im);
    }
  });
});
