import { unique } from '@cohost/testing';
import { DataSource } from 'typeorm';
import { bearer } from './support/api-harness';
import {
  consoleSessionCookie,
  ConsoleEnv,
  ConsoleSession,
  signInLinkFor,
  signInThroughLink,
  startConsoleEnv,
  consoleRequests,
} from './support/console';
import { TokensService } from '../apps/api/src/auth/tokens.service';
import { createOrganizer, createPartner } from './support/factories';
import { eventually } from './support/mail-server';
import { openForm, postForm } from './support/pages';

/**
 * The hub admin pages over HTTP: forms validated with the API's DTOs
 * (typed values and a message per field re-shown), the API's rules
 * (slug taken, agreement dates), organizers added with a sign-in email and
 * deactivated (sessions and tokens end), and role checks on every route.
 */
describe('console hub admin pages', () => {
  let env: ConsoleEnv;
  let admin: ConsoleSession;
  const db = () => env.api.app.get(DataSource);

  beforeAll(async () => {
    env = await startConsoleEnv();
    admin = await consoleSessionCookie(env.api, { email: `${unique('admin')}@hub.example`, role: 'admin' });
  });
  afterAll(async () => {
    await env?.close();
  });

  const { get, post } = consoleRequests(
    () => env.api,
    () => admin,
  );

  const partnerFields = (overrides: Record<string, string> = {}) => ({
    slug: unique('partner'),
    name_en: 'Royal Danish Embassy',
    name_ja: '駐日デンマーク大使館',
    country: 'dk',
    timezone: 'Europe/Copenhagen',
    contactEmail: 'events@um.example',
    ...overrides,
  });

  it('adds a partner through the form, lists it, and edits it', async () => {
    const fields = partnerFields();
    const created = await post('/console/admin/partners', fields);
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe(`/console/admin/partners?created=${fields.slug}`);
    const list = await get(`${created.headers.location}&lang=en`);
    expect(list.text).toContain('The partner Royal Danish Embassy was added.');
    expect(list.text).toContain(`/console/admin/partners/${fields.slug}/edit`);
    const [row] = await db().query(`SELECT name_en, name_ja, country, timezone FROM partners WHERE slug = $1`, [
      fields.slug,
    ]);
    expect(row).toEqual({
      name_en: 'Royal Danish Embassy',
      name_ja: '駐日デンマーク大使館',
      country: 'DK',
      timezone: 'Europe/Copenhagen',
    });

    const edit = await get(`/console/admin/partners/${fields.slug}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="Royal Danish Embassy"');
    const saved = await post(`/console/admin/partners/${fields.slug}`, {
      ...fields,
      name_ja: '',
      country: 'JP',
      timezone: 'Asia/Tokyo',
    });
    expect(saved.status).toBe(303);
    const [after] = await db().query(`SELECT name_ja, country, timezone FROM partners WHERE slug = $1`, [fields.slug]);
    expect(after).toEqual({ name_ja: null, country: 'JP', timezone: 'Asia/Tokyo' });
  });

  it.each([
    ['slug', { slug: 'Not A Slug' }],
    ['name_en', { name_en: '' }],
    ['name_en', { name_en: 'x'.repeat(201) }],
    ['name_ja', { name_ja: 'bad\u0007name' }],
    ['country', { country: 'XX' }],
    ['country', { country: 'Japan' }],
    ['timezone', { timezone: 'Mars/Olympus' }],
    ['contactEmail', { contactEmail: 'not an address' }],
    ['contactEmail', { contactEmail: 'a@b.example\r\nBcc: c@d.example' }],
  ])('re-shows the partner form with the typed values and a message on %s', async (field, bad) => {
    const fields = partnerFields(bad);
    const res = await post('/console/admin/partners?lang=en', fields);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Some fields need attention.');
    expect(res.text).toContain(`href="#f-${field}"`);
    expect(res.text).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    // Every other value as typed.
    expect(res.text).toContain(field === 'contactEmail' ? 'value="駐日デンマーク大使館"' : 'value="events@um.example"');
    const [{ count }] = await db().query(`SELECT count(*)::int AS count FROM partners WHERE slug = $1`, [fields.slug]);
    expect(count).toBe(0);
  });

  it('shows a taken slug on the slug field, in Japanese too', async () => {
    const fields = partnerFields();
    expect((await post('/console/admin/partners', fields)).status).toBe(303);
    const again = await post('/console/admin/partners?lang=ja', { ...fields, name_en: 'Another' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('このスラッグは別のパートナーが使用しています。');
    expect(again.text).toContain('value="Another"');
  });

  it('records an agreement, shows its state today, and terminates it with a date', async () => {
    const a = await createPartner(env.api, { name: { en: 'Tokyo Hub A' } });
    const b = await createPartner(env.api, { name: { en: 'Embassy B' } });
    const today = new Date().toISOString().slice(0, 10);
    const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const created = await post('/console/admin/agreements', {
      partner_a: a.slug,
      partner_b: b.slug,
      kind: 'MOC',
      signedOn: '2026-01-10',
      effectiveFrom: '2026-01-15',
      expiresOn: future(365),
    });
    expect(created.status).toBe(303);
    const upcoming = await post('/console/admin/agreements', {
      partner_a: a.slug,
      partner_b: b.slug,
      kind: 'MOU',
      signedOn: today,
      effectiveFrom: future(10),
      expiresOn: '',
    });
    expect(upcoming.status).toBe(303);
    const list = await get('/console/admin/agreements?lang=en');
    const rows = list.text.split('<tr>').filter((r) => r.includes('Tokyo Hub A'));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.includes('MOC'))).toContain('state--active');
    expect(rows.find((r) => r.includes('MOU'))).toContain('state--upcoming');
    expect(rows.find((r) => r.includes('MOU'))).toContain('no end date');

    const [moc] = await db().query(
      `SELECT a.id FROM agreements a JOIN partners p ON p.id = a.partner_a_id WHERE p.slug = $1 AND a.kind = 'MOC'`,
      [a.slug],
    );
    const form = await get(`/console/admin/agreements/${moc.id}/terminate`);
    expect(form.status).toBe(200);
    const before = await post(`/console/admin/agreements/${moc.id}/terminate?lang=en`, { terminatedOn: '2025-12-31' });
    expect(before.status).toBe(400);
    expect(before.text).toContain('value="2025-12-31"');
    const done = await post(`/console/admin/agreements/${moc.id}/terminate`, { terminatedOn: today });
    expect(done.status).toBe(303);
    const after = await get('/console/admin/agreements?lang=en');
    const row = after.text.split('<tr>').find((r) => r.includes('Tokyo Hub A') && r.includes('MOC'))!;
    expect(row).toContain('state--terminated');
    expect(row).toContain(`terminated ${today}`);
    expect(row).not.toContain('/terminate');
  });

  it.each([
    ['partner_b', { partner_b: '' }],
    ['partner_b', { partner_b: 'SAME' }],
    ['kind', { kind: 'NDA' }],
    ['signedOn', { signedOn: '2026-02-30' }],
    ['effectiveFrom', { effectiveFrom: 'tomorrow' }],
    ['expiresOn', { expiresOn: '2025-01-01' }],
  ])('re-shows the agreement form with a message on %s', async (field, bad) => {
    const a = await createPartner(env.api);
    const b = await createPartner(env.api);
    const fields = {
      partner_a: a.slug,
      partner_b: b.slug,
      kind: 'MOC',
      signedOn: '2026-01-10',
      effectiveFrom: '2026-01-15',
      expiresOn: '2028-01-15',
      ...bad,
    };
    if (fields.partner_b === 'SAME') fields.partner_b = a.slug;
    const res = await post('/console/admin/agreements?lang=en', fields);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`href="#f-${field}"`);
    expect(res.text).toContain(`<option value="${a.slug}" selected>`);
  });

  it('adds an organizer, who gets a sign-in email and can sign in; deactivation ends their sessions and tokens', async () => {
    const partner = await createPartner(env.api, { name: { en: 'Danish Embassy', ja: 'デンマーク大使館' } });
    const email = `${unique('org')}@um.example`;
    const added = await post(`/console/admin/partners/${partner.slug}/organizers?lang=en`, {
      name: 'Mette Jensen',
      email,
    });
    expect(added.status).toBe(303);
    await signInLinkFor(env.smtp, email, 0);
    const list = await get(`${added.headers.location}&lang=en`);
    expect(list.text).toContain(`${email} was added and a sign-in link is on its way.`);
    expect(list.text).toContain('Mette Jensen');

    const duplicate = await post(`/console/admin/partners/${partner.slug}/organizers?lang=en`, {
      name: 'Again',
      email: email.toUpperCase(),
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.text).toContain('This address already is an organizer of this partner.');

    const session = await signInThroughLink(env.api, env, email);
    expect((await get('/console', session)).headers.location).toBe('/console/events');
    const [organizer] = await db().query(`SELECT id FROM organizers WHERE email = $1`, [email]);
    // An API token of this organizer (the API issues one on its own route; the console shows none).
    const apiToken = await env.api.app
      .get(TokensService)
      .issue({ role: 'organizer', email, organizerId: organizer.id });
    expect((await env.api.http.get('/api/v1/agreements').set(bearer(apiToken))).status).toBe(200);

    const off = await post(`/console/admin/partners/${partner.slug}/organizers/${organizer.id}/deactivate`, {});
    expect(off.status).toBe(303);
    expect((await get('/console', session)).headers.location).toBe('/console/sign-in');
    const [{ count }] = await db().query(
      `SELECT count(*)::int AS count FROM console_sessions WHERE organizer_id = $1`,
      [organizer.id],
    );
    expect(count).toBe(0);
    expect((await env.api.http.get('/api/v1/agreements').set(bearer(apiToken))).status).toBe(401);
    const page = await get(`/console/admin/partners/${partner.slug}/organizers?lang=en`);
    expect(page.text).toContain('Deactivated');

    // A deactivated organizer gets no sign-in email any more.
    const before = (await env.smtp.parsedFor(email)).length;
    const form = await openForm(env.api, '/console/sign-in');
    expect((await postForm(env.api, '/console/sign-in', form, { _csrf: form.csrf, email })).status).toBe(200);
    await eventually(async () => {
      const rows = await db().query(
        `SELECT status FROM notifications WHERE recipient = $1 AND kind = 'console.sign_in' ORDER BY id DESC LIMIT 1`,
        [email],
      );
      return rows[0]?.status === 'skipped';
    });
    expect((await env.smtp.parsedFor(email)).length).toBe(before);

    // Reactivated: a new sign-in link works; the tokens from before stay revoked.
    const on = await post(`/console/admin/partners/${partner.slug}/organizers/${organizer.id}/reactivate?lang=en`, {});
    expect(on.status).toBe(303);
    const after = await get(`${on.headers.location}&lang=en`);
    expect(after.text).toContain(`${email} was reactivated and a sign-in link is on its way`);
    expect(after.text).not.toContain('>Deactivated<');
    await signInLinkFor(env.smtp, email, before);
    const again = await signInThroughLink(env.api, env, email);
    expect((await get('/console', again)).headers.location).toBe('/console/events');
    expect((await env.api.http.get('/api/v1/agreements').set(bearer(apiToken))).status).toBe(401);
    const [{ live }] = await db().query(
      `SELECT count(*)::int AS live FROM api_tokens WHERE organizer_id = $1 AND revoked_at IS NULL`,
      [organizer.id],
    );
    expect(live).toBe(0);
    // Reactivating an active organizer changes nothing and sends nothing.
    const mails = (await env.smtp.parsedFor(email)).length;
    expect(
      (await post(`/console/admin/partners/${partner.slug}/organizers/${organizer.id}/reactivate`, {})).status,
    ).toBe(303);
    await expect(db().query(`SELECT deactivated_at FROM organizers WHERE id = $1`, [organizer.id])).resolves.toEqual([
      { deactivated_at: null },
    ]);
    expect((await env.smtp.parsedFor(email)).length).toBe(mails);
  });

  it('an organizer gets 403 on every admin page and post; nobody signed in is sent to the sign-in page', async () => {
    const partner = await createPartner(env.api);
    const organizer = await createOrganizer(env.api, partner);
    const session = await consoleSessionCookie(env.api, {
      email: organizer.email,
      role: 'organizer',
      organizerId: organizer.id,
    });
    for (const path of [
      '/console/admin/partners',
      '/console/admin/partners/new',
      `/console/admin/partners/${partner.slug}/edit`,
      `/console/admin/partners/${partner.slug}/organizers`,
      '/console/admin/agreements',
      '/console/admin/agreements/new',
    ]) {
      const res = await get(path, session);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.text).not.toContain('/console/admin/partners/new');
      const anonymous = await env.api.http.get(path);
      expect([path, anonymous.status, anonymous.headers.location]).toEqual([path, 303, '/console/sign-in']);
    }
    const slug = unique('partner');
    const posted = await post('/console/admin/partners', partnerFields({ slug }), session);
    expect(posted.status).toBe(403);
    const nav = await get('/console/events', session);
    expect(nav.text).not.toContain('/console/admin/');
    const [{ count }] = await db().query(`SELECT count(*)::int AS count FROM partners WHERE slug = $1`, [slug]);
    expect(count).toBe(0);
  });

  it('shows confirmations only for values of its own data, never words from a crafted link', async () => {
    const partner = await createPartner(env.api);
    for (const path of [
      '/console/admin/partners?created=Your+account+is+locked',
      '/console/admin/agreements?terminated=Call+0120+now',
      `/console/admin/partners/${partner.slug}/organizers?added=Call+0120+now`,
    ]) {
      const res = await get(`${path}&lang=en`);
      expect([path, res.status]).toEqual([path, 200]);
      // (The language switch links keep the query, inside href attributes; the page's text has none of it.)
      expect(res.text.replace(/<[^>]*>/g, '')).not.toMatch(/locked|0120/);
      expect(res.text).not.toContain('role="status"');
    }
  });
});
