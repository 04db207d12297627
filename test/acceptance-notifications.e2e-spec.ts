import { unique } from '@cohost/testing';
import { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { ParsedMail } from 'mailparser';
import type { UpdateEventDto } from '../apps/api/src/events/dto/event-input.dto';
import type { InviteDto } from '../apps/api/src/invitations/dto/invite.dto';
import type { CancelRegistrationDto } from '../apps/api/src/registrations/dto/cancel.dto';
import {
  calendarOf,
  eventRow,
  linkIn,
  mailsTo,
  redisValues,
  registerThroughApi,
  settled,
  visibleText,
} from './support/acceptance';
import { ApiHarness, startApi } from './support/api-harness';
import { createCohostedEvent, sql } from './support/events';
import { startSmtpServer, TestSmtpServer } from './support/mail-server';
import { startWorker } from './support/notify-fixtures';
import { openForm, postForm, registerFields } from './support/pages';
import { registrationBody, UNTHROTTLED } from './support/registrations';

/**
 * Issue 5's acceptance list end to end: every state change through the real
 * HTTP API, the production worker in process, a real SMTP server, messages
 * read back with mailparser and node-ical. One api, worker and server for the
 * file; each test makes its own partners, event and registrants.
 */
describe('notifications end to end (api -> outbox -> worker -> SMTP)', () => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let worker: INestApplicationContext;
  let redis: Redis;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
    smtp = await startSmtpServer();
    worker = await startWorker(api, { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200' });
    redis = new Redis(api.config.redis.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await worker?.close();
    await smtp?.close();
    await api?.close();
  });

  const CANCEL_LINK = /https:\/\/cohost\.example\/cancel\?token=[A-Za-z0-9_%-]+/;
  const uidOf = (eventId: string) => `${eventId}@cohost`;
  const joinUrl = () => `https://meet.example.org/j/${unique('room')}`;
  const clock = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat('HH:mm');

  async function reschedule(eventId: string, headers: Record<string, string>, shiftMinutes: number) {
    const before = await eventRow(api, eventId);
    const body = {
      startsAt: new Date(before.startsAt.getTime() + shiftMinutes * 60_000).toISOString(),
      endsAt: new Date(before.endsAt.getTime() + shiftMinutes * 60_000).toISOString(),
    } satisfies UpdateEventDto;
    await api.http.patch(`/api/v1/events/${eventId}`).set(headers).send(body).expect(200);
  }

  it('register -> one confirmation with a REQUEST matching the database, in the registrant language and zones', async () => {
    // 12:00-13:30 UTC stays within one day in Copenhagen, New York and Tokyo, so the
    // expected same-day time ranges hold whenever the test runs.
    const start = new Date(Date.now() + 30 * 86_400_000);
    start.setUTCHours(12, 0, 0, 0);
    const span = { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 90 * 60_000).toISOString() };
    const { event } = await createCohostedEvent(api, { event: { ...span, joinUrl: joinUrl() } });
    const ja = await registerThroughApi(api, event, { locale: 'ja', timezone: 'Europe/Copenhagen', name: '山田 花子' });
    const en = await registerThroughApi(api, event, { locale: 'en', timezone: 'America/New_York', name: 'Ann Lee' });
    await settled(api, event.id);
    const row = await eventRow(api, event.id);

    for (const [who, locale] of [
      [ja, 'ja'],
      [en, 'en'],
    ] as const) {
      const mails = await mailsTo(smtp, who.email);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      const calendar = calendarOf(mail)!;
      expect(calendar.method).toBe('REQUEST');
      expect(calendar.events).toEqual([
        { uid: uidOf(event.id), sequence: row.sequence, start: row.startsAt, end: row.endsAt, status: 'CONFIRMED' },
      ]);
      const zone = locale === 'ja' ? 'Europe/Copenhagen' : 'America/New_York';
      // The registrant's clock first, then the host's (Tokyo), each labelled.
      const mine = `${clock(row.startsAt, zone)}${locale === 'ja' ? '〜' : '–'}${clock(row.endsAt, zone)}`;
      const host = `${clock(row.startsAt, 'Asia/Tokyo')}${locale === 'ja' ? '〜' : '–'}${clock(row.endsAt, 'Asia/Tokyo')} JST`;
      expect(mail.text).toContain(mine);
      expect(mail.text).toContain(host);
      expect(mail.text!.indexOf(mine)).toBeLessThan(mail.text!.indexOf(host));
      expect(mail.text).toMatch(locale === 'ja' ? /CES?T/ : /E[SD]T/);
    }
    const [jaMail] = await mailsTo(smtp, ja.email);
    const [enMail] = await mailsTo(smtp, en.email);
    expect(jaMail.subject).toBe('「ライフサイエンス・シンポジウム」のご登録が完了しました');
    expect(jaMail.text).toContain('山田 花子 様');
    expect(enMail.subject).toMatch(/Life Science Symposium/);
    expect(enMail.subject).not.toMatch(/[\u3040-\u30ff]/);
    expect(enMail.text).toContain('Ann Lee');
  });

  it('two reschedules -> two updates per confirmed registrant, SEQUENCE 1 then 2, same UID; none to the waitlisted', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api, {
      event: { capacity: 2, waitlist: true, joinUrl: joinUrl() },
    });
    const a = await registerThroughApi(api, event, { locale: 'en' });
    const b = await registerThroughApi(api, event, { locale: 'ja' });
    const w = await registerThroughApi(api, event);
    expect([a.status, b.status, w.status]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    await settled(api, event.id);

    await reschedule(event.id, hostOrganizer.headers, 60);
    await settled(api, event.id);
    const first = await eventRow(api, event.id);
    await reschedule(event.id, hostOrganizer.headers, 30);
    await settled(api, event.id);
    const second = await eventRow(api, event.id);
    expect([first.sequence, second.sequence]).toEqual([1, 2]);

    for (const who of [a, b]) {
      const mails = await mailsTo(smtp, who.email);
      expect(mails).toHaveLength(3);
      const calendars = mails.map((m) => calendarOf(m)!);
      expect(calendars.map((c) => c.method)).toEqual(['REQUEST', 'REQUEST', 'REQUEST']);
      expect(calendars.map((c) => c.events)).toEqual([
        [expect.objectContaining({ uid: uidOf(event.id), sequence: 0 })],
        [{ uid: uidOf(event.id), sequence: 1, start: first.startsAt, end: first.endsAt, status: 'CONFIRMED' }],
        [{ uid: uidOf(event.id), sequence: 2, start: second.startsAt, end: second.endsAt, status: 'CONFIRMED' }],
      ]);
    }
    const waitlisted = await mailsTo(smtp, w.email);
    expect(waitlisted).toHaveLength(1);
    expect(calendarOf(waitlisted[0])).toBeNull();
  });

  it('registrant cancels with the link from their email -> CANCEL without STATUS:CANCELLED; the earliest waitlisted is promoted', async () => {
    const { event } = await createCohostedEvent(api, { event: { capacity: 1, waitlist: true, joinUrl: joinUrl() } });
    const a = await registerThroughApi(api, event);
    const first = await registerThroughApi(api, event);
    const second = await registerThroughApi(api, event);
    expect([first.waitlistPosition, second.waitlistPosition]).toEqual([1, 2]);
    await settled(api, event.id);

    const [confirmation] = await mailsTo(smtp, a.email);
    const link = linkIn(confirmation, CANCEL_LINK);
    const token = link.searchParams.get('token')!;
    const res = await api.http
      .post('/api/v1/registrations/cancel')
      .send({ token } satisfies CancelRegistrationDto)
      .expect(200);
    expect(res.body).toEqual({ id: a.id, status: 'cancelled', promoted: 1 });
    await settled(api, event.id);
    const row = await eventRow(api, event.id);

    const aMails = await mailsTo(smtp, a.email);
    expect(aMails).toHaveLength(2);
    const cancel = calendarOf(aMails[1])!;
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events).toEqual([expect.objectContaining({ uid: uidOf(event.id), sequence: row.sequence })]);
    expect(cancel.events[0].status).toBeUndefined();
    expect(cancel.lines).not.toContain('STATUS:CANCELLED');

    const firstMails = await mailsTo(smtp, first.email);
    expect(firstMails).toHaveLength(2);
    expect(calendarOf(firstMails[0])).toBeNull(); // the waitlist email
    const promotion = calendarOf(firstMails[1])!;
    expect(promotion.method).toBe('REQUEST');
    expect(promotion.events).toEqual([
      { uid: uidOf(event.id), sequence: row.sequence, start: row.startsAt, end: row.endsAt, status: 'CONFIRMED' },
    ]);
    expect(await mailsTo(smtp, second.email)).toHaveLength(1);
    const [status] = await sql<{ status: string }>(api, 'SELECT status FROM registrations WHERE id = $1', [first.id]);
    expect(status.status).toBe('confirmed');
  });

  it('event cancelled -> CANCEL with STATUS:CANCELLED and no VALARM to every confirmed registrant, a plain email to the waitlisted', async () => {
    const { event, cohostOrganizer } = await createCohostedEvent(api, {
      event: { capacity: 2, waitlist: true, joinUrl: joinUrl() },
    });
    const confirmed = [await registerThroughApi(api, event), await registerThroughApi(api, event, { locale: 'ja' })];
    const waitlisted = await registerThroughApi(api, event, { locale: 'en' });
    await settled(api, event.id);

    await api.http
      .post(`/api/v1/events/${event.id}/cancel`)
      .set(cohostOrganizer.headers)
      .send({ reason: 'Speaker unavailable' })
      .expect(200);
    await settled(api, event.id);
    const row = await eventRow(api, event.id);

    for (const who of confirmed) {
      const mails = await mailsTo(smtp, who.email);
      expect(mails).toHaveLength(2);
      const calendar = calendarOf(mails[1])!;
      expect(calendar.method).toBe('CANCEL');
      expect(calendar.events).toEqual([
        { uid: uidOf(event.id), sequence: row.sequence, start: row.startsAt, end: row.endsAt, status: 'CANCELLED' },
      ]);
      expect(calendar.lines).not.toContain('BEGIN:VALARM');
    }
    // The waitlisted registrant is told too, in a plain email: there is no calendar entry to remove.
    const mails = await mailsTo(smtp, waitlisted.email);
    expect(mails).toHaveLength(2);
    expect(mails[1].subject).toMatch(/^Cancelled: /);
    expect(visibleText(mails[1])).toContain('the waitlist you were on has been closed');
    expect(visibleText(mails[1])).toContain('Reason: Speaker unavailable');
    expect(calendarOf(mails[1])).toBeNull();
    expect(mails[1].attachments).toEqual([]);
    expect(visibleText(mails[1])).not.toMatch(CANCEL_LINK);
    // ... and no longer waits; confirmed registrations stay the record of who held a seat.
    const states = await sql<{ email: string; status: string; cancelled_by: string | null }>(
      api,
      `SELECT email, status, cancelled_by FROM registrations WHERE event_id = $1`,
      [event.id],
    );
    expect(states.find((r) => r.email === waitlisted.email)).toMatchObject({
      status: 'cancelled',
      cancelled_by: 'event',
    });
    for (const who of confirmed) {
      expect(states.find((r) => r.email === who.email)).toMatchObject({ status: 'confirmed', cancelled_by: null });
    }
    const [counts] = await sql<{ waitlisted_count: number }>(api, 'SELECT waitlisted_count FROM events WHERE id = $1', [
      event.id,
    ]);
    expect(counts.waitlisted_count).toBe(0);
  });

  it('the waitlist email carries a cancel link that takes the registrant off the waitlist', async () => {
    const { event } = await createCohostedEvent(api, { event: { capacity: 1, waitlist: true, joinUrl: joinUrl() } });
    await registerThroughApi(api, event);
    const waiting = await registerThroughApi(api, event, { locale: 'ja' });
    await settled(api, event.id);
    const [mail] = await mailsTo(smtp, waiting.email);
    expect(mail.subject).toContain('キャンセル待ち');
    expect(calendarOf(mail)).toBeNull();
    expect(visibleText(mail)).toContain('キャンセル待ちの取り消し');
    const token = linkIn(mail, CANCEL_LINK).searchParams.get('token')!;
    const res = await api.http
      .post('/api/v1/registrations/cancel')
      .send({ token } satisfies CancelRegistrationDto)
      .expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', promoted: 0 });
    const [state] = await sql<{ status: string; cancelled_by: string }>(
      api,
      `SELECT status, cancelled_by FROM registrations WHERE event_id = $1 AND email = $2`,
      [event.id, waiting.email],
    );
    expect(state).toEqual({ status: 'cancelled', cancelled_by: 'registrant' });
    // Told in a plain email: there was no calendar entry to remove.
    await settled(api, event.id);
    const left = (await mailsTo(smtp, waiting.email))[1];
    expect(left.subject).toMatch(/^「.+」のキャンセル待ちを取り消しました$/);
    expect(calendarOf(left)).toBeNull();
    expect(left.attachments).toEqual([]);
  });

  it('header and calendar injection in a title, markup in a name: one header set, one VEVENT, one ATTENDEE, HTML escaped once', async () => {
    const title = 'Launch\r\nBcc: x@evil.example\r\nEND:VEVENT\r\nBEGIN:VEVENT';
    const name = '<img src=x onerror=alert(1)>';
    const { event } = await createCohostedEvent(api, { event: { title: { en: title }, joinUrl: joinUrl() } });
    const who = await registerThroughApi(api, event, { locale: 'en', name });
    await settled(api, event.id);

    const received = smtp.received.filter((m) => m.to.includes(who.email.toLowerCase()));
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual([who.email.toLowerCase()]); // the envelope: nobody else
    const raw = received[0].raw.toString('utf8');
    const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(headerBlock).not.toMatch(/^bcc:/im);
    expect(headerBlock.match(/^subject:/gim)).toHaveLength(1);
    expect(raw).not.toMatch(/^Bcc: x@evil\.example/m);

    const [mail] = await mailsTo(smtp, who.email);
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.bcc).toBeUndefined();
    expect(mail.subject).toContain('Bcc: x@evil.example'); // as words of the subject, on one line
    const calendar = calendarOf(mail)!;
    expect(calendar.events).toHaveLength(1);
    expect(calendar.lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(calendar.lines.filter((l) => l === 'END:VEVENT')).toHaveLength(1);
    expect(calendar.lines.filter((l) => l.startsWith('ATTENDEE'))).toHaveLength(1);
    const html = mail.html as string;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('&amp;lt;');
    expect(mail.text).toContain(name);
  });

  it('the join link is in no waitlist or cancellation email and in no job data in Redis', async () => {
    const link = joinUrl();
    const { event, hostOrganizer } = await createCohostedEvent(api, {
      event: { capacity: 1, waitlist: true, joinUrl: link },
    });
    const a = await registerThroughApi(api, event);
    const b = await registerThroughApi(api, event);
    const c = await registerThroughApi(api, event, { locale: 'ja' });
    await settled(api, event.id);
    const [confirmation] = await mailsTo(smtp, a.email);
    // The confirmation carries the personal link in its place (the check can see it where it belongs).
    const personal = linkIn(confirmation, /https:\/\/cohost\.example\/j\/[A-Za-z0-9_-]+/).href;
    expect(visibleText(confirmation)).not.toContain(link);

    const token = linkIn(confirmation, CANCEL_LINK).searchParams.get('token')!;
    await api.http.post('/api/v1/registrations/cancel').send({ token }).expect(200); // a cancels, b promoted
    await settled(api, event.id);
    await api.http.post(`/api/v1/events/${event.id}/cancel`).set(hostOrganizer.headers).send({}).expect(200);
    await settled(api, event.id);

    const kinds = await sql<{ kind: string; recipient: string }>(
      api,
      `SELECT kind, recipient FROM notifications WHERE event_id = $1 AND status = 'sent' ORDER BY id`,
      [event.id],
    );
    expect(kinds.map((k) => k.kind).slice(0, 5)).toEqual([
      'registration.confirmed',
      'registration.waitlisted',
      'registration.waitlisted',
      'registration.cancelled',
      'registration.promoted',
    ]);
    // The event's cancellation: b (confirmed by then) and c (still waiting), written in one statement.
    expect(
      kinds
        .map((k) => k.kind)
        .slice(5)
        .sort(),
    ).toEqual(['event.cancelled', 'event.cancelled.waitlisted']);
    const mustNotCarry: ParsedMail[] = [
      ...(await mailsTo(smtp, a.email)).slice(1), // registrant's cancellation
      (await mailsTo(smtp, b.email))[0], // waitlist
      (await mailsTo(smtp, b.email))[2], // event cancelled
      ...(await mailsTo(smtp, c.email)), // waitlist, event cancelled
    ];
    expect(mustNotCarry).toHaveLength(5);
    for (const mail of mustNotCarry) {
      expect(visibleText(mail)).not.toContain(link);
      expect(visibleText(mail)).not.toContain(personal);
      expect(visibleText(mail)).not.toMatch(/\/j\/[A-Za-z0-9_-]{20,}/);
    }

    const values = await redisValues(redis, api.config.redis.queuePrefix);
    expect(values.some((v) => v.includes(event.id))).toBe(true); // job data of this event is there to inspect
    expect(values.filter((v) => v.includes(link))).toEqual([]);
    expect(values.filter((v) => v.includes(new URL(link).pathname))).toEqual([]);
  });

  it('invite-only: a co-host’s invitation says who invites, in both languages and zones; its link opens the event page with the code, and registering with it works once', async () => {
    const { event, hostOrganizer, cohostOrganizer, host, cohost } = await createCohostedEvent(api, {
      event: { visibility: 'invite_only', joinUrl: joinUrl() },
    });
    await sql(api, 'UPDATE partners SET contact_email = $2 WHERE id = $1', [host.id, 'events@hub.example.jp']);
    await sql(api, 'UPDATE partners SET contact_email = $2 WHERE id = $1', [cohost.id, 'tokyo@embassy.example.dk']);
    const guest = `${unique('guest')}@example.jp`;
    const hostGuest = `${unique('guest')}@example.org`;
    await api.http
      .post(`/api/v1/events/${event.id}/invitations`)
      .set(cohostOrganizer.headers)
      .send({ emails: [guest] } satisfies InviteDto)
      .expect(202);
    await api.http
      .post(`/api/v1/events/${event.id}/invitations`)
      .set(hostOrganizer.headers)
      .send({ emails: [hostGuest] } satisfies InviteDto)
      .expect(202);
    await settled(api, event.id);
    // The host's own invitation: times in both partners' zones (the Tokyo event and host, the Copenhagen
    // co-host), replies to the host.
    const [fromHost] = await mailsTo(smtp, hostGuest);
    expect(fromHost.text).toMatch(/^日時: .+ JST \/ .+ CES?T$/m);
    expect(fromHost.text).toMatch(/^When: .+ JST \/ .+ CES?T$/m);
    expect(fromHost.replyTo?.value).toEqual([{ name: '東京ライフサイエンスハブ', address: 'events@hub.example.jp' }]);
    const [invitation] = await mailsTo(smtp, guest);
    // The co-host's invitation says "Replies reach Royal Danish Embassy": its Reply-To is the co-host's contact.
    expect(invitation.text).toContain('Replies reach Royal Danish Embassy.');
    expect(invitation.replyTo?.value).toEqual([{ name: 'Royal Danish Embassy', address: 'tokyo@embassy.example.dk' }]);
    // Who invites (the co-host that sent it), in Japanese and English, in the host's and the inviter's zones.
    expect(invitation.subject).toMatch(
      /^Royal Danish Embassyより「.+」へのご招待 \/ Invitation from Royal Danish Embassy: /,
    );
    const text = invitation.text!;
    expect(text).toContain('Royal Danish Embassy invites you to');
    expect(text).toContain('hosted by Tokyo Life Science Hub');
    expect(text).toContain('（主催: 東京ライフサイエンスハブ）へのご招待です。');
    expect(text).toContain('Invited by: Royal Danish Embassy');
    expect(text).toContain('招待者: Royal Danish Embassy');
    expect(text).toMatch(/^日時: .+ JST \/ .+ CES?T$/m);
    expect(text).toMatch(/^When: .+ JST \/ .+ CES?T$/m);
    expect(text.indexOf('ご招待です')).toBeLessThan(text.indexOf('invites you to'));
    expect(invitation.html).toContain('<div lang="en">');
    expect(calendarOf(invitation)).toBeNull();
    const link = linkIn(invitation, /https:\/\/cohost\.example\/events\/\S+\?code=[A-Za-z0-9_%-]+/);
    // One code per email: both languages link the same register URL.
    expect(text.split(link.href).length - 1).toBe(2);
    expect(link.pathname).toBe(`/events/${event.slug}`);
    const code = link.searchParams.get('code')!;

    const page = await openForm(api, `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<input type="hidden" name="code" value="${code}">`);
    const done = await postForm(api, `/events/${event.slug}/register`, page, {
      ...registerFields(page.csrf, { email: guest }),
      code,
    });
    expect(done.status).toBe(201);

    const [registration] = await sql<{ id: string; status: string }>(
      api,
      'SELECT id, status FROM registrations WHERE event_id = $1',
      [event.id],
    );
    expect(registration.status).toBe('confirmed');

    // The code is spent: even once that registration is cancelled, it does not register again.
    await api.http
      .post(`/api/v1/events/${event.id}/registrations/${registration.id}/cancel`)
      .set(hostOrganizer.headers) // the guest did not consent to share with co-hosts
      .expect(200);
    const again = await api.http
      .post(`/api/v1/events/${event.id}/registrations`)
      .send(registrationBody({ email: guest, invitationCode: code }));
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'INVITATION_USED' });
    const rows = await sql(api, 'SELECT status FROM registrations WHERE event_id = $1', [event.id]);
    expect(rows).toEqual([{ status: 'cancelled' }]);
  });
});
