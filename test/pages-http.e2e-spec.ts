import { mintCancelToken } from '@cohost/database';
import { DataSource } from 'typeorm';
import { PartnersService } from '../apps/api/src/partners/partners.service';
import { CancelPreviewService } from '../apps/api/src/registrations/cancel-preview.service';
import { RegistrationCancellationService } from '../apps/api/src/registrations/registration-cancellation.service';
import { RegistrationsService } from '../apps/api/src/registrations/registrations.service';
import { ApiHarness, startApi } from './support/api-harness';
import { createCohostedEvent, sql } from './support/events';
import { openForm, postForm, registerFields } from './support/pages';

/** The pages' HTTP contract without a browser: statuses, headers, CSRF, errors in the page's language. */
describe('public pages over HTTP', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_REGISTER_PER_MIN: '1000', RATE_LIMIT_CANCEL_PER_MIN: '1000' });
  });
  afterAll(() => api.close());

  it('sends a CSP without inline scripts, keeps the API and Swagger UI where they were', async () => {
    const res = await api.http.get('/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = res.headers['content-security-policy'] as string;
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
    expect(scriptSrc).toBe("'self'");
    expect(csp).toContain("form-action 'self'");
    const { cohost } = await createCohostedEvent(api);
    const json = await api.http.get(`/api/v1/partners/${cohost.slug}`).expect(200);
    expect(json.body.slug).toBe(cohost.slug);
    await api.http
      .get(`/partners/${cohost.slug}`)
      .expect(200)
      .expect('content-type', /text\/html/);
    await api.http.get('/docs').expect(200);
    await api.http
      .get('/assets/pages.css')
      .expect(200)
      .expect('content-type', /text\/css/);
  });

  it('chooses the language by ?lang=, then cookie, then Accept-Language', async () => {
    const en = await api.http.get('/').set('Accept-Language', 'en-US,en;q=0.9');
    expect(en.text).toContain('<html lang="en">');
    const ja = await api.http.get('/?lang=ja').set('Accept-Language', 'en');
    expect(ja.text).toContain('<html lang="ja">');
    const cookie = ([] as string[]).concat(ja.headers['set-cookie'] ?? []).find((c) => c.startsWith('lang=ja'));
    expect(cookie).toMatch(/HttpOnly/i);
    const remembered = await api.http.get('/').set('Cookie', 'lang=ja').set('Accept-Language', 'en');
    expect(remembered.text).toContain('<html lang="ja">');
  });

  it('refuses a form whose fields do not decode to UTF-8 (400), storing nothing', async () => {
    const { event } = await createCohostedEvent(api);
    const session = await openForm(api, `/events/${event.slug}?lang=en`);
    const encode = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    for (const [label, name] of [
      ['a lone high byte', '%FF'],
      ['a cut sequence', '%E5%B1'],
      ['an overlong slash', '%C0%AF'],
      ['a stray percent sign', '100%'],
    ]) {
      const body = `${encode(registerFields(session.csrf))}&name=${name}`.replace(/&name=Test\+Person/, '');
      const res = await api.http
        .post(`/events/${event.slug}/register`)
        .set('Cookie', session.cookie)
        .set('content-type', 'application/x-www-form-urlencoded')
        .send(body);
      // Refused by the body parser, before the route: the pages' error page, in HTML.
      expect({ label, status: res.status, type: res.headers['content-type'] }).toEqual({
        label,
        status: 400,
        type: 'text/html; charset=utf-8',
      });
    }
    expect(await sql(api, 'SELECT 1 FROM registrations WHERE event_id = $1', [event.id])).toHaveLength(0);
    const good = `${encode(registerFields(session.csrf))}`.replace(
      /name=Test\+Person/,
      'name=%E5%B1%B1%E7%94%B0+%C3%98',
    );
    await api.http
      .post(`/events/${event.slug}/register`)
      .set('Cookie', session.cookie)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(good)
      .expect(201);
    expect(await sql(api, 'SELECT name FROM registrations WHERE event_id = $1', [event.id])).toEqual([
      { name: '山田 Ø' },
    ]);
  });

  it('refuses a post without a valid CSRF token (403), keeping the values', async () => {
    const { event } = await createCohostedEvent(api);
    const session = await openForm(api, `/events/${event.slug}?lang=en`);
    const res = await postForm(
      api,
      `/events/${event.slug}/register`,
      session,
      registerFields('forged', { name: 'Kept Name' }),
    );
    expect(res.status).toBe(403);
    expect(res.text).toContain('The form expired.');
    expect(res.text).toContain('value="Kept Name"');
    const none = await postForm(api, `/events/${event.slug}/register`, { cookie: '' }, registerFields(session.csrf));
    expect(none.status).toBe(403);
    expect(await sql(api, 'SELECT 1 FROM registrations WHERE event_id = $1', [event.id])).toHaveLength(0);
  });

  it('answers invalid input with 400, field messages and the values kept, escaped', async () => {
    const { event } = await createCohostedEvent(api);
    const session = await openForm(api, `/events/${event.slug}?lang=ja`);
    const res = await postForm(
      api,
      `/events/${event.slug}/register`,
      session,
      registerFields(session.csrf, {
        email: 'not an email',
        name: '<b>x</b>',
        organization: 'a\r\nb',
        timezone: 'Mars/Base',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('<html lang="ja">');
    expect(res.text).toContain('入力内容をご確認ください。');
    expect(res.text).toContain('有効なメールアドレスを入力してください');
    expect(res.text).toContain('一覧からタイムゾーンを選んでください。');
    expect(res.text).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
    expect(res.text).toContain('value="not an email"');
    expect(res.text).not.toMatch(/at [A-Za-z]+ \(.*\.ts:\d+/);
  });

  it('says full (422) when there is no waitlist, and closed when the window has passed', async () => {
    const { event } = await createCohostedEvent(api, { event: { capacity: 1, waitlist: false } });
    const session = await openForm(api, `/events/${event.slug}?lang=en`);
    await postForm(api, `/events/${event.slug}/register`, session, registerFields(session.csrf)).expect(201);
    const full = await postForm(api, `/events/${event.slug}/register`, session, registerFields(session.csrf));
    expect(full.status).toBe(422);
    expect(full.text).toContain('This webinar is full and has no waitlist.');
    const page = await api.http.get(`/events/${event.slug}?lang=en`).expect(200);
    expect(page.text).toContain('This webinar is full.');
    expect(page.text).not.toContain('<form method="post"');

    const open = await createCohostedEvent(api);
    const late = await openForm(api, `/events/${open.event.slug}?lang=en`);
    await sql(api, "UPDATE events SET registration_closes_at = now() - interval '1 minute' WHERE id = $1", [
      open.event.id,
    ]);
    const closed = await postForm(
      api,
      `/events/${open.event.slug}/register`,
      late,
      registerFields(late.csrf, { name: 'Late' }),
    );
    expect(closed.status).toBe(422);
    expect(closed.text).toContain('Registration for this webinar is closed.');
    // No form to keep values in once closed; the message says why.
    expect(closed.text).not.toContain('<form method="post"');
  });

  it('puts the page language on every calendar feed and .ics link', async () => {
    const { event, cohost } = await createCohostedEvent(api);
    for (const lang of ['ja', 'en'] as const) {
      const pages = [
        (await api.http.get(`/events/${event.slug}?lang=${lang}`).expect(200)).text,
        (await api.http.get(`/partners/${cohost.slug}?lang=${lang}`).expect(200)).text,
      ];
      const session = await openForm(api, `/events/${event.slug}?lang=${lang}`);
      const result = await postForm(api, `/events/${event.slug}/register`, session, registerFields(session.csrf));
      expect(result.status).toBe(201);
      pages.push(result.text);
      for (const html of pages) {
        const links = [...html.matchAll(/href="([^"]*calendar\.ics[^"]*)"/g)].map((m) => m[1]);
        expect(links.length).toBeGreaterThan(0);
        for (const link of links) expect(link).toMatch(new RegExp(`calendar\\.ics\\?lang=${lang}$`));
      }
    }
  });

  it('stores the current name of a renamed time zone posted under its old name', async () => {
    const { event } = await createCohostedEvent(api);
    const renamed = {
      'Asia/Calcutta': 'Asia/Kolkata',
      'Europe/Kiev': 'Europe/Kyiv',
      'Asia/Saigon': 'Asia/Ho_Chi_Minh',
    };
    for (const [old, current] of Object.entries(renamed)) {
      const session = await openForm(api, `/events/${event.slug}?lang=en`);
      const email = `zone.${current.replace(/\W/g, '').toLowerCase()}.${Date.now()}@example.org`;
      await postForm(
        api,
        `/events/${event.slug}/register`,
        session,
        registerFields(session.csrf, { email, timezone: old }),
      ).expect(201);
      expect(await sql(api, 'SELECT timezone FROM registrations WHERE email = $1', [email])).toEqual([
        { timezone: current },
      ]);
    }
    // A zone remembered under its old name (the tz cookie) is offered under the current one.
    const page = await api.http.get(`/events/${event.slug}?lang=en`).set('Cookie', 'tz=Asia/Calcutta').expect(200);
    expect(page.text).toContain('<option selected>Asia/Kolkata</option>');
    expect(page.text).not.toContain('>Asia/Calcutta<');
  });

  it('shows an outage as an error page with an error id, never as a form problem or as "not found"', async () => {
    const { event, cohost } = await createCohostedEvent(api);
    const outage = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    // The partner behind ?via= cannot be read: not "no such partner, ignore the link".
    const partners = jest.spyOn(api.app.get(PartnersService), 'getBySlug').mockRejectedValueOnce(outage());
    const page = await api.http.get(`/events/${event.slug}?via=${cohost.slug}&lang=en`);
    partners.mockRestore();
    expect(page.status).toBeGreaterThanOrEqual(500);
    expect(page.text).toMatch(/quote error id [0-9a-f-]{36}|temporarily|unavailable/i);
    expect(page.text).not.toContain('<form method="post"');

    const session = await openForm(api, `/events/${event.slug}?lang=en`);
    const register = jest.spyOn(api.app.get(RegistrationsService), 'register').mockRejectedValueOnce(outage());
    const posted = await postForm(api, `/events/${event.slug}/register`, session, registerFields(session.csrf));
    register.mockRestore();
    expect(posted.status).toBeGreaterThanOrEqual(500);
    expect(posted.text).not.toContain('<form method="post"');
    expect(posted.text).not.toContain('ECONNREFUSED');
  });

  it('answers unknown pages and tokens with 404 pages in the language', async () => {
    const missing = await api.http.get('/events/no-such-event').set('Accept-Language', 'ja').expect(404);
    expect(missing.text).toContain('ページが見つかりません');
    await api.http.get('/partners/no-such-partner?lang=en').expect(404);
    const token = await api.http.get('/cancel?token=unknown-token&lang=en').expect(404);
    expect(token.text).toContain('This link is no longer valid');
    // A valid form session (the CSRF secret and a token), from any page with a form.
    const { event } = await createCohostedEvent(api);
    const session = await openForm(api, `/events/${event.slug}?lang=en`);
    const posted = await postForm(api, '/cancel', session, { _csrf: session.csrf, token: 'unknown-token' });
    expect(posted.status).toBe(404);
    expect(posted.text).toContain('This link is no longer valid');
  });

  it('answers a path no route knows with the page a person or a program can read', async () => {
    const page = await api.http.get('/no-such-page/at-all').set('Accept-Language', 'ja').expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<html lang="ja">');
    expect(page.text).toContain('ページが見つかりません');
    const console = await api.http.get('/console/no-such-page?lang=en').expect(404);
    expect(console.headers['content-type']).toMatch(/text\/html/);
    expect(console.text).toContain('<html lang="en"');
    const json = await api.http.get('/api/v1/no-such-resource').expect(404);
    expect(json.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});

describe('public pages when rate limited', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_REGISTER_PER_MIN: '1' });
  });
  afterAll(() => api.close());

  it('answers 429 with Retry-After and a readable page in the language', async () => {
    const { event } = await createCohostedEvent(api);
    const session = await openForm(api, `/events/${event.slug}?lang=en`);
    await postForm(api, `/events/${event.slug}/register`, session, registerFields(session.csrf)).expect(201);
    const limited = await postForm(
      api,
      `/events/${event.slug}/register`,
      session,
      registerFields(session.csrf, { name: 'Patient' }),
    );
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.text).toContain('<html lang="en">');
    expect(limited.text).toContain('Too many attempts.');
  });
});

/** A registration and the token its confirmation email would carry. */
async function registeredWithToken(api: ApiHarness) {
  const { event } = await createCohostedEvent(api);
  const res = await api.http
    .post(`/api/v1/events/${event.id}/registrations`)
    .send({
      email: `secret.${Date.now()}@example.jp`,
      name: 'Hidden Registrant',
      organization: 'Secret Org',
      locale: 'en',
      timezone: 'Asia/Tokyo',
      consent: { shareWithCohosts: false },
    })
    .expect(201);
  const token = await mintCancelToken(api.app.get(DataSource).manager, (res.body as { id: string }).id);
  return { event, token };
}

/** What a refused or limited answer must not show of the registration behind a token. */
function expectNothingOf(html: string, event: { title: { en?: string; ja?: string } }) {
  expect(html).not.toContain('Hidden Registrant');
  expect(html).not.toContain('secret.');
  expect(html).not.toContain(event.title.en);
  expect(html).not.toContain(event.title.ja);
}

describe('the cancel page when its GET is rate limited', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_REGISTER_PER_MIN: '1000', RATE_LIMIT_CANCEL_PAGE_PER_MIN: '3' });
  });
  afterAll(() => api.close());
  afterEach(() => jest.restoreAllMocks());

  it('answers 429 per IP once over the limit, with Retry-After, looking nothing up', async () => {
    const { event, token } = await registeredWithToken(api);
    const find = jest.spyOn(api.app.get(CancelPreviewService), 'find');
    for (let i = 0; i < 3; i++) await api.http.get(`/cancel?token=guess-${i}&lang=en`).expect(404);
    expect(find).toHaveBeenCalledTimes(3);
    const limited = await api.http.get(`/cancel?token=${token}&lang=en`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.text).toContain('Too many attempts.');
    expect(find).toHaveBeenCalledTimes(3);
    expectNothingOf(limited.text, event);
  });
});

describe('the cancel page when its POST is refused', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({
      RATE_LIMIT_REGISTER_PER_MIN: '1000',
      RATE_LIMIT_CANCEL_PAGE_PER_MIN: '1000',
      RATE_LIMIT_CANCEL_PER_MIN: '1',
    });
  });
  afterAll(() => api.close());
  afterEach(() => jest.restoreAllMocks());

  it('looks nothing up and shows no registrant for a forged CSRF token or over the rate limit', async () => {
    const { event, token } = await registeredWithToken(api);
    const session = await openForm(api, `/cancel?token=${token}&lang=en`);
    expect(session.status).toBe(200);
    expect(session.html).toContain('Hidden Registrant');
    const find = jest.spyOn(api.app.get(CancelPreviewService), 'find');
    const cancel = jest.spyOn(api.app.get(RegistrationCancellationService), 'cancelByToken');

    const forged = await postForm(api, '/cancel?lang=en', session, { _csrf: 'forged', token });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('The form expired.');
    // Asked again, with the token the visitor posted, and nothing read from the database.
    expect(forged.text).toContain('<form method="post" action="/cancel"');
    expectNothingOf(forged.text, event);

    const limited = await postForm(api, '/cancel?lang=en', session, { _csrf: session.csrf, token });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many attempts.');
    expectNothingOf(limited.text, event);

    expect(find).not.toHaveBeenCalled();
    expect(cancel).not.toHaveBeenCalled();
    expect(
      await sql(api, "SELECT 1 FROM registrations WHERE name = 'Hidden Registrant' AND status <> 'cancelled'"),
    ).toHaveLength(1);
  });
});
