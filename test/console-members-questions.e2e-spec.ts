import { unique } from '@cohost/testing';
import type { Browser, BrowserContext } from 'playwright-core';
import { DataSource } from 'typeorm';
import { seriousViolations } from './support/axe';
import { launchBrowser, newContext, screenshots } from './support/browser';
import {
  addSessionCookie,
  consoleRequests,
  consoleSessionCookie,
  ConsoleEnv,
  ConsoleSession,
  startConsoleEnv,
} from './support/console';
import { createOrganizer, createPartner } from './support/factories';

/**
 * The hub admin's roster of member organizations in the console: list, add
 * (validated with the API's DTO, typed values and a message per field
 * re-shown), CSV import with its report, CSRF and role checks, and an axe
 * audit at 360 px in Japanese and English.
 */
describe('console member organizations roster', () => {
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

  it('imports a CSV and shows the report: the count and each rejected line with its number and reason', async () => {
    const good = `${unique('kyoto')}.example.jp`;
    const other = `${unique('osaka')}.example.jp`;
    const csv = [
      'name_ja,name_en,domains',
      `京都バイオラボ,Kyoto Bio Labs,${good}`,
      ',,nobody.example.jp',
      `大阪工業,Osaka Works,${other}`,
      `重複,Duplicate,${good}`,
    ].join('\n');
    const res = await post('/console/admin/members/import?lang=en', { csv });
    expect(res.status).toBe(200);
    expect(res.text).toContain('2 organizations were imported.');
    expect(res.text).toMatch(/<td[^>]*>3<\/td>\s*<td[^>]*><code>missing_name<\/code>/);
    expect(res.text).toMatch(/<td[^>]*>5<\/td>\s*<td[^>]*><code>duplicate_domain<\/code>/);
    expect(res.text).toContain('Kyoto Bio Labs');
    expect(res.text).toContain(other);
    const rows = await db().query(`SELECT domain FROM member_organization_domains WHERE domain = ANY($1)`, [
      [good, other],
    ]);
    expect(rows).toHaveLength(2);

    const empty = await post('/console/admin/members/import?lang=en', { csv: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Paste the CSV text');
    expect(empty.text).toContain('aria-invalid="true"');
  });

  it('adds an organization; bad input re-shows the typed values with a message per field', async () => {
    const domain = `${unique('nagoya')}.example.jp`;
    const added = await post('/console/admin/members', { name_en: 'Nagoya Labs', name_ja: '', domains: domain });
    expect(added.status).toBe(303);
    const list = await get(`${added.headers.location}&lang=en`);
    expect(list.text).toContain('The member organization Nagoya Labs was added.');
    expect(list.text).toContain(domain);

    for (const [fields, message] of [
      [{ name_en: '', name_ja: '', domains: 'fine.example.jp' }, 'Enter a name in English or Japanese'],
      [{ name_en: 'Bad Domain Inc', name_ja: '', domains: 'not a domain!' }, 'Enter one or more email domains'],
      [{ name_en: 'No Domain Inc', name_ja: '', domains: '' }, 'Enter one or more email domains'],
      [{ name_en: 'Taken Inc', name_ja: '', domains: domain }, 'Enter one or more email domains'],
    ] as const) {
      const bad = await post('/console/admin/members?lang=en', fields);
      expect([fields, bad.status]).toEqual([fields, 400]);
      expect(bad.text).toContain(message);
      if (fields.name_en) expect(bad.text).toContain(`value="${fields.name_en}"`);
    }
    const [{ count }] = await db().query(
      `SELECT count(*)::int AS count FROM member_organizations WHERE name_en IN ('Bad Domain Inc', 'Taken Inc')`,
    );
    expect(count).toBe(0);
  });

  it('edits an organization: names and domains replaced, bad input re-shown, unknown ids 404', async () => {
    const domain = `${unique('sendai')}.example.jp`;
    const added = await post('/console/admin/members', { name_en: 'Sendai Lab', name_ja: '', domains: domain });
    const id = new URL(added.headers.location, 'http://x').searchParams.get('added')!;
    const form = await get(`/console/admin/members/${id}/edit?lang=en`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Sendai Lab"');
    expect(form.text).toContain(`value="${domain}"`);

    const bad = await post(`/console/admin/members/${id}?lang=en`, {
      name_en: 'Sendai Lab 2',
      name_ja: '',
      domains: 'no good',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('value="Sendai Lab 2"');
    expect(bad.text).toContain('Enter one or more email domains');

    const other = `${unique('sendai2')}.example.jp`;
    const saved = await post(`/console/admin/members/${id}`, {
      name_en: 'Sendai Labs',
      name_ja: '仙台ラボ',
      domains: `${other}, ${domain}`,
    });
    expect(saved.status).toBe(303);
    const list = await get(`${saved.headers.location}&lang=en`);
    expect(list.text).toContain('The member organization Sendai Labs was saved.');
    const [row] = await db().query(`SELECT name_en, name_ja FROM member_organizations WHERE id = $1`, [id]);
    expect(row).toEqual({ name_en: 'Sendai Labs', name_ja: '仙台ラボ' });

    expect((await get('/console/admin/members/00000000-0000-4000-8000-000000000000/edit')).status).toBe(404);
    expect((await get('/console/admin/members/not-a-uuid/edit')).status).toBe(404);
  });

  it('refuses a post without the CSRF token, and an organizer on every roster route', async () => {
    const noCsrf = await env.api.http
      .post('/console/admin/members/import')
      .set('Cookie', admin.cookie)
      .type('form')
      .send({ csv: 'name_ja,name_en,domains\n,X,x-csrf.example.jp' });
    expect(noCsrf.status).toBe(403);

    const partner = await createPartner(env.api);
    const organizer = await createOrganizer(env.api, partner);
    const session = await consoleSessionCookie(env.api, {
      email: organizer.email,
      role: 'organizer',
      organizerId: organizer.id,
    });
    expect((await get('/console/admin/members', session)).status).toBe(403);
    const domain = `${unique('org')}.example.jp`;
    expect((await post('/console/admin/members', { name_en: 'X', domains: domain }, session)).status).toBe(403);
    expect(
      (await post('/console/admin/members/import', { csv: `name_ja,name_en,domains\n,X,${domain}` }, session)).status,
    ).toBe(403);
    const rows = await db().query(`SELECT 1 FROM member_organization_domains WHERE domain = $1`, [domain]);
    expect(rows).toHaveLength(0);
  });

  describe('in a browser', () => {
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
    });

    it.each(['ja', 'en'] as const)(
      'the roster with an import report has no serious axe violation at 360 px (%s)',
      async (lang) => {
        const context = await newContext(browser, env.base, { locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
        contexts.push(context);
        await addSessionCookie(context, env.base, admin);
        const page = await context.newPage();
        await page.setViewportSize({ width: 360, height: 800 });
        await page.goto(`/console/admin/members?lang=${lang}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        await page.fill('#f-csv', `name_ja,name_en,domains\n,,${unique('x')}.example.jp`);
        const [response] = await Promise.all([page.waitForNavigation(), page.click('form[action$="/import"] button')]);
        expect(response!.status()).toBe(200);
        const { scrollWidth360 } = await screenshots(page, `console-members-${lang}`);
        expect(scrollWidth360 <= 360).toBe(true);
        expect(await seriousViolations(page)).toEqual([]);
      },
    );
  });
});
