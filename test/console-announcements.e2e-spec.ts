import { registerThroughApi, settled } from './support/acceptance';
import { ConsoleEnv, organizerConsole, startConsoleEnv } from './support/console';
import { createCohostedEvent, sql } from './support/events';
import { createOrganizer, createPartner } from './support/factories';

/**
 * The announcements page of the organizer console over HTTP, as a browser
 * without JavaScript uses it: compose, preview (the mail renderer's output),
 * send with the form's token (twice: sent once), the list with delivery
 * counts; refusals shown in place; CSRF and the access matrix.
 */
describe('console announcements page over HTTP', () => {
  let env: ConsoleEnv;
  const { session, get, post } = organizerConsole(() => env.api);

  beforeAll(async () => {
    env = await startConsoleEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const tokenIn = (html: string) => /name="token" value="([^"]+)"/.exec(html)![1];
  const texts = {
    subjectEn: 'Slides',
    subjectJa: '資料',
    bodyEn: 'Hello,\r\nslides: https://slides.example.org/1\r\n\r\n<script>alert(1)</script>',
    bodyJa: 'こんにちは\r\n\r\n<b>資料</b>',
  };

  it('composes, previews as recipients get it, sends once per form and lists the delivery', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(env.api, { event: { capacity: 1, waitlist: true } });
    const ann = await registerThroughApi(env.api, event, { locale: 'en', name: 'Ann Lee' });
    const wait = await registerThroughApi(env.api, event, { locale: 'ja' });
    expect([ann.status, wait.status]).toEqual(['confirmed', 'waitlisted']);
    await settled(env.api, event.id);
    const host = await session(hostOrganizer);
    const path = `/console/events/${event.id}/announcements`;

    expect((await get(`/console/events/${event.id}`, host).expect(200)).text).toContain(`href="${path}"`);
    const page = await get(path, host).set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('Write an announcement');
    expect(page.text).toContain('No announcement sent yet.');
    const token = tokenIn(page.text);

    // Refused fields are named, and what was typed is kept.
    const invalid = await post(`${path}/preview`, host, {
      _csrf: host.csrf,
      token,
      ...texts,
      subjectJa: '',
      bodyEn: 'bell \u0007',
      audience: 'everyone',
    }).set('Accept-Language', 'en');
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('href="#f-subjectJa"');
    expect(invalid.text).toContain('href="#f-bodyEn"');
    expect(invalid.text).toContain('href="#f-audience"');
    expect(invalid.text).toContain('value="Slides"');

    const preview = await post(`${path}/preview`, host, { _csrf: host.csrf, token, ...texts, audience: 'confirmed' })
      .set('Accept-Language', 'en')
      .expect(200);
    expect(preview.text).toContain('It would be sent to 1 registrant(s) now.');
    expect(preview.text).toContain('[Life Science Symposium] Slides');
    expect(preview.text).toContain('【ライフサイエンス・シンポジウム】資料');
    // The text part escaped once in the page; the HTML part (itself escaped once) escaped again in srcdoc.
    expect(preview.text).toContain('Dear Ann Lee,');
    expect(preview.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(preview.text).toContain('&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;');
    expect(preview.text).toContain('&lt;a href=&quot;https://slides.example.org/1&quot;&gt;');
    expect(preview.text).not.toContain('<script>alert');
    expect(preview.text).toMatch(/<iframe[^>]* sandbox=""/);
    expect(preview.text).toContain(`name="token" value="${token}"`);
    expect(await sql(env.api, `SELECT 1 FROM announcements WHERE event_id = $1`, [event.id])).toEqual([]);

    // Only the page's own form (with its token) sends.
    const untokened = await post(path, host, { _csrf: host.csrf, ...texts, audience: 'confirmed' });
    expect(untokened.status).toBe(400);
    expect(untokened.text).toContain('data-testid="refused"');
    expect(await sql(env.api, `SELECT 1 FROM announcements WHERE event_id = $1`, [event.id])).toEqual([]);

    // The send form posted twice (a double click, a reload): one announcement, one email each.
    const send = () => post(path, host, { _csrf: host.csrf, token, ...texts, audience: 'confirmed' });
    for (const res of [await send(), await send()]) {
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`${path}?sent=1`);
    }
    expect(
      await sql(env.api, `SELECT audience, recipients, body_en FROM announcements WHERE event_id = $1`, [event.id]),
    ).toEqual([{ audience: 'confirmed', recipients: 1, body_en: texts.bodyEn.replace(/\r\n/g, '\n') }]);
    await settled(env.api, event.id);
    const annMails = (await env.smtp.parsedFor(ann.email)).filter((m) => m.subject?.includes('Slides'));
    expect(annMails).toHaveLength(1);
    expect(annMails[0].text).toContain('slides: https://slides.example.org/1\n\n<script>alert(1)</script>');
    expect((await env.smtp.parsedFor(wait.email)).filter((m) => m.subject?.includes('資料'))).toHaveLength(0);

    const listed = await get(`${path}?sent=1`, host).set('Accept-Language', 'en').expect(200);
    expect(listed.text).toContain('Your announcement is on its way.');
    expect(listed.text).toContain('1 sent, 0 pending, 0 failed, 0 skipped');
    expect(tokenIn(listed.text)).not.toBe(token);
    const ja = await get(path, host).set('Accept-Language', 'ja').expect(200);
    expect(ja.text).toContain('送信済み 1・送信待ち 0・失敗 0・対象外 0');
  });

  it('tells a co-host whom it reaches, refuses without CSRF and to outsiders, and sends nothing for a cancelled webinar', async () => {
    const { event, hostOrganizer, cohostOrganizer } = await createCohostedEvent(env.api);
    await registerThroughApi(env.api, event, { consent: { shareWithCohosts: false } });
    const cohost = await session(cohostOrganizer);
    const path = `/console/events/${event.id}/announcements`;
    const page = await get(path, cohost).set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('reaches only the registrants who agreed to share');
    const preview = await post(`${path}/preview`, cohost, {
      _csrf: cohost.csrf,
      token: tokenIn(page.text),
      ...texts,
      audience: 'confirmed',
    })
      .set('Accept-Language', 'en')
      .expect(200);
    expect(preview.text).toContain('It would be sent to 0 registrant(s) now.');

    await post(path, cohost, { token: 'x'.repeat(20), ...texts, audience: 'confirmed' }).expect(403);
    const stranger = await session(await createOrganizer(env.api, await createPartner(env.api)));
    await get(path, stranger).expect(403);
    await post(path, stranger, { _csrf: stranger.csrf, token: 'y'.repeat(20), ...texts, audience: 'confirmed' }).expect(
      403,
    );

    const host = await session(hostOrganizer);
    await env.api.http.post(`/api/v1/events/${event.id}/cancel`).set(hostOrganizer.headers).send({}).expect(200);
    const cancelled = await get(path, host).set('Accept-Language', 'en').expect(200);
    expect(cancelled.text).toContain('once the webinar is published');
    expect(cancelled.text).not.toContain('name="subjectEn"');
    const refused = await post(path, host, { _csrf: host.csrf, token: 'z'.repeat(20), ...texts, audience: 'both' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('data-testid="refused"');
    expect(await sql(env.api, `SELECT 1 FROM announcements WHERE event_id = $1`, [event.id])).toEqual([]);
  });
});
