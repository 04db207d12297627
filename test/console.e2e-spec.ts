import { unique } from '@cohost/testing';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { launchBrowser, newContext, screenshots } from './support/browser';
import { addAdmin, ConsoleEnv, signInLinkFor, signInThroughLink, startConsoleEnv } from './support/console';
import { headingSkips, seriousViolations } from './support/axe';

/**
 * The console in Debian's Chromium: the hub admin's story of issue 12 in
 * both languages (sign-in through the emailed link, two partners, an MOC,
 * an organizer each), keyboard only, 360 px without horizontal scroll,
 * screenshots at 360 and 1280 px, and an axe-core audit of every page.
 */
describe('console in a browser', () => {
  let env: ConsoleEnv;
  let browser: Browser;
  const db = () => env.api.app.get(DataSource);
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    env = await startConsoleEnv();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await env?.close();
  });

  async function open(locale: 'ja-JP' | 'en-GB'): Promise<Page> {
    const context = await newContext(browser, env.base, { locale, timezoneId: 'Asia/Tokyo' });
    contexts.push(context);
    return context.newPage();
  }

  /** No horizontal scroll at 360 px, screenshots at 360 and 1280 px, no serious or critical axe violation, no skipped heading level. */
  async function check(page: Page, name: string): Promise<void> {
    const { scrollWidth360 } = await screenshots(page, `console-${name}`);
    expect([name, scrollWidth360 <= 360]).toEqual([name, true]);
    expect([name, await seriousViolations(page)]).toEqual([name, []]);
    expect([name, await headingSkips(page)]).toEqual([name, []]);
  }

  async function submit(page: Page, selector = 'main form button[type=submit]'): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response!.status();
  }

  it('an admin signs in through the emailed link, adds two partners, an MOC between them and an organizer to each (ja, then en)', async () => {
    const adminEmail = `${unique('admin')}@hub.example`;
    await addAdmin(env.api, adminEmail);
    const page = await open('ja-JP');

    await page.goto('/console/admin/partners');
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.textContent('h1')).toBe('サインイン');
    await check(page, 'sign-in');
    await page.fill('#f-email', adminEmail);
    expect(await submit(page)).toBe(200);
    expect(await page.textContent('h1')).toBe('メールをご確認ください');
    await check(page, 'sign-in-sent');
    const link = await signInLinkFor(env.smtp, adminEmail, 0);
    expect(link.origin).toBe(env.base);
    await page.goto(link.href);
    expect(await page.textContent('h1')).toBe('cohost コンソールへのサインイン');
    await check(page, 'sign-in-confirm');
    expect(await submit(page)).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/console/admin/partners');
    expect(await page.textContent('h1')).toBe('パートナー');
    await check(page, 'partners');
    expect(await page.locator('.console-nav a').allTextContents()).toEqual([
      'パートナー',
      '協定',
      '会員組織',
      'データ削除',
      '監査ログ',
      '配信停止アドレス',
    ]);

    // Two partners through the form; the first one once with bad input.
    const hub = unique('tokyo-hub');
    const embassy = unique('danish-embassy');
    await page.click('a:has-text("パートナーを追加")');
    await check(page, 'partner-new');
    await page.fill('#f-slug', hub);
    await page.fill('#f-name_en', 'Tokyo Life Science Hub');
    await page.fill('#f-name_ja', '東京ライフサイエンスハブ');
    await page.fill('#f-country', 'Japan');
    await page.selectOption('#f-timezone', 'Asia/Tokyo');
    await page.fill('#f-contactEmail', 'events@hub.example');
    expect(await submit(page)).toBe(400);
    expect(await page.inputValue('#f-name_ja')).toBe('東京ライフサイエンスハブ');
    expect(await page.getAttribute('#f-country', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#e-country')).toContain('2文字の国コード');
    await check(page, 'partner-new-invalid');
    await page.fill('#f-country', 'JP');
    expect(await submit(page)).toBe(200);
    expect(await page.textContent('main [role=status]')).toContain('東京ライフサイエンスハブ');

    await page.click('a:has-text("パートナーを追加")');
    await page.fill('#f-slug', embassy);
    await page.fill('#f-name_en', 'Royal Danish Embassy');
    await page.fill('#f-name_ja', '駐日デンマーク大使館');
    await page.fill('#f-country', 'DK');
    await page.selectOption('#f-timezone', 'Europe/Copenhagen');
    await page.fill('#f-contactEmail', 'tokyo@um.example');
    expect(await submit(page)).toBe(200);
    await page.click(`a[href="/console/admin/partners/${embassy}/edit"]`);
    await check(page, 'partner-edit');

    // The rest in English.
    await page.click('nav.lang a[hreflang=en]');
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.goto('/console/admin/agreements');
    expect(await page.textContent('h1')).toBe('Agreements');
    await check(page, 'agreements-empty');
    await page.click('a:has-text("Record an agreement")');
    await check(page, 'agreement-new');
    await page.selectOption('#f-partner_a', hub);
    await page.selectOption('#f-partner_b', embassy);
    await page.selectOption('#f-kind', 'MOC');
    await page.fill('#f-signedOn', '2026-01-10');
    await page.fill('#f-effectiveFrom', '2026-01-15');
    await page.fill('#f-expiresOn', '2029-01-15');
    expect(await submit(page)).toBe(200);
    expect(await page.textContent('main [role=status]')).toContain('The agreement was recorded.');
    const row = page.locator('tr', { hasText: 'Royal Danish Embassy' });
    expect(await row.locator('.state').textContent()).toBe('Active');
    await check(page, 'agreements');
    await row.locator('a:has-text("Terminate")').click();
    await page.waitForURL(/\/terminate$/);
    await check(page, 'agreement-terminate');
    await page.goto('/console/admin/agreements');

    // An organizer for each partner: each gets a sign-in email.
    const organizers = [
      { slug: hub, name: '佐藤 健二', email: `${unique('sato')}@hub.example` },
      { slug: embassy, name: 'Mette Jensen', email: `${unique('mette')}@um.example` },
    ];
    for (const o of organizers) {
      await page.goto('/console/admin/partners');
      await page.click(`a[href="/console/admin/partners/${o.slug}/organizers"]`);
      await page.fill('#f-name', o.name);
      await page.fill('#f-email', o.email);
      expect(await submit(page, 'main form:has(#f-email) button[type=submit]')).toBe(200);
      expect(await page.textContent('main [role=status]')).toContain(o.email);
      await signInLinkFor(env.smtp, o.email, 0);
    }
    await check(page, 'organizers');
    const [mail] = await env.smtp.parsedFor(organizers[1].email);
    expect(mail.subject).toBe('Your sign-in link for the cohost console');
    const rows = await db().query(
      `SELECT p.slug, o.name FROM organizers o JOIN partners p ON p.id = o.partner_id WHERE p.slug = ANY($1) ORDER BY p.slug`,
      [[hub, embassy]],
    );
    expect(rows).toHaveLength(2);

    // An organizer signs in and is refused the admin pages (403 page, audited too).
    const orgPage = await open('en-GB');
    await signInThroughLink(orgPage, env, organizers[1].email);
    expect(new URL(orgPage.url()).pathname).toBe('/console/events');
    const refused = await orgPage.goto('/console/admin/partners');
    expect(refused!.status()).toBe(403);
    expect(await orgPage.textContent('h1')).toBe('Not allowed');
    expect(await orgPage.locator('.console-nav a').allTextContents()).toEqual(['Webinars', 'Webhooks']);
    await check(orgPage, 'forbidden');

    // Sign-out, then the used link is refused.
    await submit(page, 'form.console-who__out button');
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    expect(await page.textContent('main [role=status]')).toBe('You have signed out.');
    const used = await page.goto(link.href);
    expect(used!.status()).toBe(404);
    await check(page, 'sign-in-invalid');
  });

  it('a person with two roles picks one after signing in (role chooser audited)', async () => {
    const email = `${unique('both')}@hub.example`;
    await addAdmin(env.api, email);
    const [partner] = await db().query(
      `INSERT INTO partners (slug, name_en, name_ja, country, timezone, contact_email)
       VALUES ($1, 'Osaka Bio', '大阪バイオ', 'JP', 'Asia/Tokyo', 'a@b.example') RETURNING id`,
      [unique('osaka')],
    );
    await db().query(`INSERT INTO organizers (partner_id, email, name) VALUES ($1, $2, 'Both')`, [partner.id, email]);
    const page = await open('ja-JP');
    await signInThroughLink(page, env, email);
    expect(new URL(page.url()).pathname).toBe('/console/role');
    await check(page, 'role');
    expect(await page.locator('main button').allTextContents()).toEqual([
      'ハブ管理者として続ける',
      '主催担当（大阪バイオ）として続ける',
    ]);
    await submit(page, 'button:has-text("ハブ管理者")');
    expect(new URL(page.url()).pathname).toBe('/console/admin/partners');
    await page.click('a:has-text("役割を切り替える")');
    await submit(page, 'button:has-text("大阪バイオ")');
    expect(new URL(page.url()).pathname).toBe('/console/events');
  });

  it('works with the keyboard alone: sign in and add a partner', async () => {
    const email = `${unique('keys')}@hub.example`;
    await addAdmin(env.api, email);
    const page = await open('en-GB');
    await page.goto('/console/sign-in');
    // The skip link comes first and leads to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.className')).toBe('skip');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'f-email'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate('document.activeElement && document.activeElement.id');
    }
    expect(focused).toBe('f-email');
    await page.keyboard.type(email);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Check your email');
    const link = await signInLinkFor(env.smtp, email, 0);
    await page.goto(link.href);
    focused = '';
    for (let i = 0; i < 10 && focused !== 'BUTTON'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate('document.activeElement.tagName');
    }
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/console/admin/partners');

    await page.goto('/console/admin/partners/new');
    focused = '';
    for (let i = 0; i < 20 && focused !== 'f-slug'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate('document.activeElement && document.activeElement.id');
    }
    expect(focused).toBe('f-slug');
    const slug = unique('keys');
    const order: string[] = [];
    await page.keyboard.type(slug);
    for (const value of ['Keyboard Partner', '', 'SE', null, 'k@keys.example']) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate('document.activeElement.id'));
      if (value) await page.keyboard.type(value);
    }
    expect(order).toEqual(['f-name_en', 'f-name_ja', 'f-country', 'f-timezone', 'f-contactEmail']);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Save');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('main [role=status]')).toContain('Keyboard Partner');
    const [row] = await db().query(`SELECT country FROM partners WHERE slug = $1`, [slug]);
    expect(row.country).toBe('SE');
  });
});
