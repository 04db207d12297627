import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import type { CreateAnnouncementDto } from '../apps/api/src/announcements/dto/announcement.dto';
import { eventRow, registerThroughApi, settled } from './support/acceptance';
import type { ApiHarness } from './support/api-harness';
import { deepObject, MISSING, withField } from './support/body-shapes';
import { createCohostedEvent, sql } from './support/events';
import { createOrganizer, createPartner } from './support/factories';
import type { TestSmtpServer } from './support/mail-server';
import { MailPipeline, startMailPipeline } from './support/mail-pipeline';

/**
 * Announcements (`event.announcement`) end to end: the JSON API, the
 * production worker and a real SMTP server; messages read back with
 * mailparser.
 */
describe('announcements to registrants (api -> worker -> SMTP)', () => {
  let env: MailPipeline;
  let api: ApiHarness;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    env = await startMailPipeline();
    ({ api, smtp } = env);
  });
  afterAll(() => env?.close());

  const clock = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat('HH:mm');
  const body = (overrides: Partial<CreateAnnouncementDto> = {}): CreateAnnouncementDto => ({
    subject: { en: 'Slides <b>and</b> room', ja: '資料と会場のお知らせ' },
    body: {
      en: 'Dear all,\nthe slides: https://slides.example.org/deck?a=1&b=2.\n\n<script>alert(1)</script> is text.',
      ja: '資料は https://slides.example.org/ja をご覧ください。\n\n<b>太字</b>ではありません。',
    },
    audience: 'confirmed',
    ...overrides,
  });
  /** The announcements among a recipient's messages (the confirmations and waitlist emails come first). */
  const announcementsTo = async (email: string) =>
    (await smtp.parsedFor(email)).filter((m) => m.headerLines.some((l) => l.key === 'list-unsubscribe'));
  const header = (mail: ParsedMail, key: string) =>
    mail.headerLines.find((l) => l.key === key)?.line.replace(/\r?\n[ \t]/g, ' ');

  /** 12:00-13:30 UTC stays within one day in Copenhagen and Tokyo, so the same-day ranges hold whenever the test runs. */
  function midday() {
    const start = new Date(Date.now() + 30 * 86_400_000);
    start.setUTCHours(12, 0, 0, 0);
    return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 90 * 60_000).toISOString() };
  }

  it('reaches the chosen registrants once each, in their language and zones; a double submit sends once', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api, {
      event: { ...midday(), capacity: 2, waitlist: true },
    });
    const ann = await registerThroughApi(api, event, { locale: 'en', timezone: 'Europe/Copenhagen', name: 'Ann Lee' });
    const bo = await registerThroughApi(api, event, { locale: 'ja', timezone: 'Asia/Tokyo', name: '山田 花子' });
    const cy = await registerThroughApi(api, event, { locale: 'en' });
    const dan = await registerThroughApi(api, event, { locale: 'ja' });
    expect([ann, bo, cy, dan].map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    await settled(api, event.id);

    // Two submissions of one form (same key) at once: one announcement, sent once.
    const post = () =>
      api.http
        .post(`/api/v1/events/${event.id}/announcements`)
        .set(hostOrganizer.headers)
        .set('Idempotency-Key', 'form-token-0001')
        .send(body());
    const [first, second] = await Promise.all([post(), post()]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.id).toBe(second.body.id);
    expect(first.body).toMatchObject({ audience: 'confirmed', recipients: 2, consentingOnly: false });
    expect((await post().expect(200)).body.id).toBe(first.body.id);
    await settled(api, event.id);

    const row = await eventRow(api, event.id);
    for (const [who, locale, zone] of [
      [ann, 'en', 'Europe/Copenhagen'],
      [bo, 'ja', 'Asia/Tokyo'],
    ] as const) {
      const mails = await announcementsTo(who.email);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      if (locale === 'en') {
        expect(mail.subject).toBe('[Life Science Symposium] Slides <b>and</b> room');
        expect(mail.text).toContain('Dear Ann Lee,');
        expect(mail.text).toContain(
          'the slides: https://slides.example.org/deck?a=1&b=2.\n\n<script>alert(1)</script> is text.',
        );
        expect(mail.html).toContain('<a href="https://slides.example.org/deck?a=1&amp;b=2">');
        expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; is text.');
        expect(mail.html).not.toContain('<script>');
      } else {
        expect(mail.subject).toBe('【ライフサイエンス・シンポジウム】資料と会場のお知らせ');
        expect(mail.text).toContain('山田 花子 様');
        expect(mail.text).toContain('<b>太字</b>ではありません。');
        expect(mail.html).toContain(
          '<a href="https://slides.example.org/ja">https://slides.example.org/ja</a> をご覧ください',
        );
        expect(mail.html).toContain('&lt;b&gt;太字&lt;/b&gt;');
      }
      // The registrant's clock, then the host's (Tokyo).
      const dash = locale === 'ja' ? '〜' : '–';
      expect(mail.text).toContain(`${clock(row.startsAt, zone)}${dash}${clock(row.endsAt, zone)}`);
      expect(mail.text).toContain(`${clock(row.startsAt, 'Asia/Tokyo')}${dash}${clock(row.endsAt, 'Asia/Tokyo')} JST`);
      if (locale === 'en') expect(mail.text).toMatch(/CES?T/);
      // RFC 8058 one-click unsubscribe; no join link or calendar in an announcement.
      expect(header(mail, 'list-unsubscribe')).toMatch(
        /^List-Unsubscribe: <https:\/\/cohost\.example\/unsubscribe\?token=[^>]+>$/,
      );
      expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(mail.text).not.toContain('meet.example.org');
      expect(mail.attachments).toHaveLength(0);
    }
    // The waitlisted were not chosen.
    expect(await announcementsTo(cy.email)).toHaveLength(0);
    expect(await announcementsTo(dan.email)).toHaveLength(0);
    expect(
      await sql(
        api,
        `SELECT count(*)::int AS n FROM notifications WHERE event_id = $1 AND kind = 'event.announcement'`,
        [event.id],
      ),
    ).toEqual([{ n: 2 }]);

    // Ann unsubscribes (one click); an announcement to everyone skips her and reaches the waitlisted.
    const [annMail] = await announcementsTo(ann.email);
    const url = new URL(/<(https:[^>]+)>/.exec(header(annMail, 'list-unsubscribe')!)![1]);
    await api.http.post(`${url.pathname}${url.search}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const everyone = await api.http
      .post(`/api/v1/events/${event.id}/announcements`)
      .set(hostOrganizer.headers)
      .send(body({ audience: 'both', subject: { en: 'Second', ja: '第二' } }))
      .expect(201);
    expect(everyone.body.recipients).toBe(4);
    await settled(api, event.id);
    expect(await announcementsTo(ann.email)).toHaveLength(1);
    for (const who of [bo, cy, dan]) {
      const mails = await announcementsTo(who.email);
      expect(mails.map((m) => m.subject)).toEqual(
        who === bo
          ? ['【ライフサイエンス・シンポジウム】資料と会場のお知らせ', '【ライフサイエンス・シンポジウム】第二']
          : [who === cy ? '[Life Science Symposium] Second' : '【ライフサイエンス・シンポジウム】第二'],
      );
    }

    // The list, newest first, with delivery counts from the ledger.
    const list = await api.http.get(`/api/v1/events/${event.id}/announcements`).set(hostOrganizer.headers).expect(200);
    expect(list.body.map((a: { subject: { en: string } }) => a.subject.en)).toEqual([
      'Second',
      'Slides <b>and</b> room',
    ]);
    expect(list.body[0]).toMatchObject({
      audience: 'both',
      recipients: 4,
      delivery: { pending: 0, sent: 3, failed: 0, skipped: 1 },
    });
    expect(list.body[1].delivery).toEqual({ pending: 0, sent: 2, failed: 0, skipped: 0 });
  });

  it("a co-host's announcement and preview reach only registrants who consented to share; outsiders may not", async () => {
    const { event, hostOrganizer, cohostOrganizer } = await createCohostedEvent(api);
    const shy = await registerThroughApi(api, event, {
      locale: 'en',
      name: 'Shy Person',
      consent: { shareWithCohosts: false },
    });
    const open = await registerThroughApi(api, event, {
      locale: 'en',
      name: 'Open Person',
      timezone: 'Europe/Copenhagen',
      consent: { shareWithCohosts: true },
    });
    await settled(api, event.id);

    const preview = await api.http
      .post(`/api/v1/events/${event.id}/announcements/preview`)
      .set(cohostOrganizer.headers)
      .send(body())
      .expect(200);
    expect(preview.body.recipients).toBe(1);
    expect(preview.body.en).toMatchObject({ realRecipient: true, timezone: 'Europe/Copenhagen' });
    expect(preview.body.en.text).toContain('Dear Open Person,');
    expect(preview.body.en.html).toContain('&lt;script&gt;');
    expect(JSON.stringify(preview.body)).not.toContain('Shy Person');
    expect(JSON.stringify(preview.body)).not.toContain(shy.email);
    // Nobody writes Japanese: the Japanese preview is addressed to a sample registrant in the event's zone.
    expect(preview.body.ja).toMatchObject({ realRecipient: false, timezone: 'Asia/Tokyo' });
    expect(preview.body.ja.subject).toBe('【ライフサイエンス・シンポジウム】資料と会場のお知らせ');

    const sent = await api.http
      .post(`/api/v1/events/${event.id}/announcements`)
      .set(cohostOrganizer.headers)
      .send(body())
      .expect(201);
    expect(sent.body).toMatchObject({ recipients: 1, consentingOnly: true, sentByPartner: 'Royal Danish Embassy' });
    await settled(api, event.id);
    expect(await announcementsTo(open.email)).toHaveLength(1);
    expect(await announcementsTo(shy.email)).toHaveLength(0);
    // The host's reach everyone.
    await api.http.post(`/api/v1/events/${event.id}/announcements`).set(hostOrganizer.headers).send(body()).expect(201);
    await settled(api, event.id);
    expect(await announcementsTo(shy.email)).toHaveLength(1);

    const stranger = await createOrganizer(api, await createPartner(api));
    for (const path of ['', '/preview']) {
      const res = await api.http
        .post(`/api/v1/events/${event.id}/announcements${path}`)
        .set(stranger.headers)
        .send(body());
      expect(res.status).toBe(403);
    }
    await api.http.get(`/api/v1/events/${event.id}/announcements`).set(stranger.headers).expect(403);
    await api.http.post(`/api/v1/events/${event.id}/announcements`).send(body()).expect(401);
  });

  it('refuses bad bodies with a 400 naming the field, and stores or sends nothing', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api);
    await registerThroughApi(api, event, { locale: 'en' });
    const send = (payload: unknown, headers: Record<string, string> = {}) =>
      api.http
        .post(`/api/v1/events/${event.id}/announcements`)
        .set(hostOrganizer.headers)
        .set(headers)
        .set('content-type', 'application/json')
        .send(JSON.stringify(payload));
    const valid = body() as unknown as Record<string, unknown>;
    const cases: Array<[string, string, unknown]> = [
      ['subject', 'missing', MISSING],
      ['subject', 'null', null],
      ['subject', 'an array', [{ en: 'a', ja: 'b' }]],
      ['subject', 'a string', 'Hello'],
      ['subject.en', 'missing', MISSING],
      ['subject.ja', 'null', null],
      ['subject.en', 'an object', { en: 'x' }],
      ['subject.en', 'a deeply nested object', deepObject(20)],
      ['subject.en', 'a line break', 'Hello\r\nBcc: x@example.org'],
      ['subject.en', 'only invisible characters', '\u200b\u2060 '],
      ['subject.ja', 'a direction override', 'abc\u202Edef'],
      ['subject.en', 'too long', 'x'.repeat(151)],
      ['body', 'missing', MISSING],
      ['body', 'an array', ['a']],
      ['body.en', 'a number', 42],
      ['body.ja', 'empty', ''],
      ['body.en', 'a control character', 'a\u0007b'],
      ['body.en', 'huge', 'x'.repeat(5001)],
      ['audience', 'missing', MISSING],
      ['audience', 'null', null],
      ['audience', 'an array', ['confirmed']],
      ['audience', 'unknown', 'everyone'],
    ];
    const failures: string[] = [];
    for (const [field, label, value] of cases) {
      const res = await send(withField(valid, field, value));
      const fields = Object.keys((res.body as { fields?: Record<string, string[]> }).fields ?? {});
      if (res.status !== 400 || !fields.some((key) => key === field || key.startsWith(`${field}.`))) {
        failures.push(`${field} ${label} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    // A megabyte of text is a 400 naming the field; more than the request limit (2 MB) a 413.
    const big = await send(withField(valid, 'body.en', 'x'.repeat(1_000_000)));
    expect([big.status, Object.keys(big.body.fields ?? {})]).toEqual([400, ['body.en']]);
    expect((await send(withField(valid, 'body.en', 'x'.repeat(3_000_000)))).status).toBe(413);
    for (const payload of [[], null, 'text', { ...valid, extra: 1 }]) expect((await send(payload)).status).toBe(400);
    expect((await send(valid, { 'Idempotency-Key': 'bad key!' })).body).toMatchObject({
      statusCode: 400,
      code: 'INVALID_IDEMPOTENCY_KEY',
    });
    expect(await sql(api, `SELECT 1 FROM announcements WHERE event_id = $1`, [event.id])).toEqual([]);

    // A draft has no registrants to write to.
    const draft = await createCohostedEvent(api, { publish: false });
    const res = await api.http
      .post(`/api/v1/events/${draft.event.id}/announcements`)
      .set(draft.hostOrganizer.headers)
      .send(body());
    expect(res.status).toBe(409);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await api.http.get('/docs-json').expect(200)).body;
    expect(doc.paths['/api/v1/events/{id}/announcements'].post).toBeDefined();
    expect(doc.paths['/api/v1/events/{id}/announcements'].get).toBeDefined();
    expect(doc.paths['/api/v1/events/{id}/announcements/preview'].post).toBeDefined();
    expect(doc.components.schemas.CreateAnnouncementDto.required).toEqual(['subject', 'body', 'audience']);
  });
});
