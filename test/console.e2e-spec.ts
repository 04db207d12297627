import { unique } from '@cohost/testing';
import { createHash } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { consoleTranslator } from '../apps/api/src/console/i18n';
import { expectUsablePage, launchBrowser, newContext } from './support/browser';
import {
  addAdmin,
  ConsoleEnv,
  dropCsrfField,
  signInLinkFor,
  signInThroughLink,
  startConsoleEnv,
} from './support/console';

// Chromium on a shared two-core machine: a page with its screenshots and audit takes seconds.
jest.setTimeout(90_000);

/** What the admin story reads per language besides the console's own texts (from its dictionary). */
const ADMIN_LOCALES = [
  {
    locale: 'ja-JP',
    lang: 'ja',
    adminNav: ['パートナー', '協定', '会員組織', 'データ削除', '監査ログ', '配信停止アドレス'],
    organizerNav: ['ウェビナー', 'Webhook'],
    signInSubject: 'cohost コンソールへのサインインリンク',
  },
  {
    locale: 'en-GB',
    lang: 'en',
    adminNav: ['Partners', 'Agreements', 'Member organizations', 'Erasure', 'Audit log', 'Suppressed addresses'],
    organizerNav: ['Webinars', 'Webhooks'],
    signInSubject: 'Your sign-in link for the cohost console',
  },
] as const;

/**
 * The console in Debian's Chromium: the hub admin's story of issue 12, run
 * whole in ja-JP and in en-GB (sign-in through the emailed link, two
 * partners, an MOC, an organizer each; an unknown address answered the same
 * without an email, a form without its CSRF field refused, the session's
 * cookie dead after sign-out, used and expired links refused), keyboard
 * only, 360 px without horizontal scroll, screenshots at 360 and 1280 px,
 * and an axe-core audit of every page. One browser for every test.
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
  const check = (page: Page, name: string) => expectUsablePage(page, `console-${name}`);

  async function submit(page: Page, selector = 'main form button[type=submit]'): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response!.status();
  }

  describe.each(ADMIN_LOCALES)('the admin story in $locale', (story) => {
    const t = consoleTranslator(story.lang);
    // Partners of this run only: the other run's are in the same lists.
    const tag = story.lang.toUpperCase();
    const hubName = { en: `Tokyo Life Science Hub ${tag}`, ja: `東京ライフサイエンスハブ ${tag}` };
    const embassyName = { en: `Royal Danish Embassy ${tag}`, ja: `駐日デンマーク大使館 ${tag}` };
    const check = (page: Page, name: string) => expectUsablePage(page, `console-${story.lang}-${name}`);

    it('an admin signs in through the emailed link (an unknown address gets the same answer and no email), adds two partners, an MOC between them and an organizer to each; sign-out ends the session; used and expired links are refused', async () => {
      const adminEmail = `${unique('admin')}@hub.example`;
      const unknownEmail = `${unique('nobody')}@hub.example`;
      await addAdmin(env.api, adminEmail);
      const page = await open(story.locale);

      await page.goto('/console/admin/partners');
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
      expect(await page.getAttribute('html', 'lang')).toBe(story.lang);
      expect(await page.textContent('h1')).toBe(t('signIn.title'));
      await check(page, 'sign-in');

      // An address nobody signs in with: the same answer page as for the admin's, and no email.
      await page.fill('#f-email', unknownEmail);
      expect(await submit(page)).toBe(200);
      const unknownAnswer = await page.innerText('main');
      await page.goto('/console/sign-in');
      await page.fill('#f-email', adminEmail);
      expect(await submit(page)).toBe(200);
      expect(await page.textContent('h1')).toBe(t('signIn.sentTitle'));
      expect(await page.innerText('main')).toBe(unknownAnswer);
      await check(page, 'sign-in-sent');
      const link = await signInLinkFor(env.smtp, adminEmail, 0);
      expect(link.origin).toBe(env.base);
      // The admin's email, asked for after the unknown one, has arrived: nothing went to the unknown address.
      expect(await env.smtp.parsedFor(unknownEmail)).toEqual([]);
      await page.goto(link.href);
      expect(await page.textContent('h1')).toBe(t('signIn.confirmTitle'));
      await check(page, 'sign-in-confirm');
      expect(await submit(page)).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/console/admin/partners');
      expect(await page.textContent('h1')).toBe(t('partners.title'));
      await check(page, 'partners');
      expect(await page.locator('.console-nav a').allTextContents()).toEqual(story.adminNav);

      // Two partners through the form; the first one once with bad input.
      const hub = unique('tokyo-hub');
      const embassy = unique('danish-embassy');
      /** Fills the partner form as an admin types it. */
      const fillPartner = async (
        slug: string,
        name: { en: string; ja: string },
        country: string,
        zone: string,
        contact: string,
      ) => {
        await page.fill('#f-slug', slug);
        await page.fill('#f-name_en', name.en);
        await page.fill('#f-name_ja', name.ja);
        await page.fill('#f-country', country);
        await page.selectOption('#f-timezone', zone);
        await page.fill('#f-contactEmail', contact);
      };
      await page.click(`a:has-text("${t('partners.new')}")`);
      await check(page, 'partner-new');
      await fillPartner(hub, hubName, 'Japan', 'Asia/Tokyo', 'events@hub.example');
      expect(await submit(page)).toBe(400);
      expect(await page.inputValue('#f-name_ja')).toBe(hubName.ja);
      expect(await page.getAttribute('#f-country', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#e-country')).toBe(t('field.country'));
      await check(page, 'partner-new-invalid');
      await page.fill('#f-country', 'JP');
      expect(await submit(page)).toBe(200);
      expect(await page.textContent('main [role=status]')).toContain(hubName[story.lang]);

      // The second one: first posted without its CSRF field (the 403 page, nothing stored), then as it is.
      await page.click(`a:has-text("${t('partners.new')}")`);
      const fillEmbassy = () => fillPartner(embassy, embassyName, 'DK', 'Europe/Copenhagen', 'tokyo@um.example');
      await fillEmbassy();
      await dropCsrfField(page, 'main form');
      expect(await submit(page)).toBe(403);
      expect(await page.textContent('h1')).toBe(t('error.forbiddenTitle'));
      expect(await page.innerText('main')).toContain(t('error.CSRF'));
      await check(page, 'csrf-refused');
      expect(await db().query(`SELECT 1 FROM partners WHERE slug = $1`, [embassy])).toEqual([]);
      await page.goto('/console/admin/partners/new');
      await fillEmbassy();
      expect(await submit(page)).toBe(200);
      await page.click(`a[href="/console/admin/partners/${embassy}/edit"]`);
      await check(page, 'partner-edit');

      await page.goto('/console/admin/agreements');
      expect(await page.textContent('h1')).toBe(t('agreements.title'));
      await check(page, 'agreements-before');
      await page.click(`a:has-text("${t('agreements.new')}")`);
      await check(page, 'agreement-new');
      await page.selectOption('#f-partner_a', hub);
      await page.selectOption('#f-partner_b', embassy);
      await page.selectOption('#f-kind', 'MOC');
      await page.fill('#f-signedOn', '2026-01-10');
      await page.fill('#f-effectiveFrom', '2026-01-15');
      await page.fill('#f-expiresOn', '2029-01-15');
      expect(await submit(page)).toBe(200);
      expect(await page.textContent('main [role=status]')).toContain(t('agreements.created'));
      const row = page.locator('tr', { hasText: embassyName[story.lang] });
      expect(await row.locator('.state').textContent()).toBe(t('state.active'));
      await check(page, 'agreements');
      await row.locator(`a:has-text("${t('agreements.terminate')}")`).click();
      await page.waitForURL(/\/terminate$/);
      await check(page, 'agreement-terminate');
      await page.goto('/console/admin/agreements');

      // An organizer for each partner: each gets a sign-in email, in the language of the page.
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
      expect(mail.subject).toBe(story.signInSubject);
      const rows = await db().query(
        `SELECT p.slug, o.name FROM organizers o JOIN partners p ON p.id = o.partner_id WHERE p.slug = ANY($1) ORDER BY p.slug`,
        [[hub, embassy]],
      );
      expect(rows).toHaveLength(2);

      // An organizer signs in and is refused the admin pages (403 page, audited too).
      const orgPage = await open(story.locale);
      await signInThroughLink(orgPage, env, organizers[1].email);
      expect(new URL(orgPage.url()).pathname).toBe('/console/events');
      const refused = await orgPage.goto('/console/admin/partners');
      expect(refused!.status()).toBe(403);
      expect(await orgPage.textContent('h1')).toBe(t('error.forbiddenTitle'));
      expect(await orgPage.locator('.console-nav a').allTextContents()).toEqual(story.organizerNav);
      await check(orgPage, 'forbidden');

      // The session cookie copied into another browser works there until the admin signs out; then it does not.
      const copy = await newContext(browser, env.base, { locale: story.locale });
      contexts.push(copy);
      await copy.addCookies(await page.context().cookies());
      const copyPage = await copy.newPage();
      await copyPage.goto('/console/admin/partners');
      expect(new URL(copyPage.url()).pathname).toBe('/console/admin/partners');
      expect(await copyPage.textContent('h1')).toBe(t('partners.title'));
      await submit(page, 'form.console-who__out button');
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
      expect(await page.textContent('main [role=status]')).toBe(t('signIn.signedOut'));
      await check(page, 'signed-out');
      await copyPage.goto('/console/admin/partners');
      expect(new URL(copyPage.url()).pathname).toBe('/console/sign-in');
      expect(await copyPage.textContent('h1')).toBe(t('signIn.title'));

      // The used link is refused.
      const used = await page.goto(link.href);
      expect(used!.status()).toBe(404);
      expect(await page.textContent('h1')).toBe(t('signIn.invalidTitle'));
      await check(page, 'sign-in-invalid');

      // A new link, expired (its row's expiry moved into the past): refused too, and it signs nobody in.
      await page.goto('/console/sign-in');
      await page.fill('#f-email', adminEmail);
      expect(await submit(page)).toBe(200);
      const late = await signInLinkFor(env.smtp, adminEmail, 1);
      const expired = await db().query(
        `UPDATE console_sign_ins SET expires_at = now() - interval '1 minute' WHERE token_hash = $1 RETURNING 1`,
        [createHash('sha256').update(late.searchParams.get('token')!, 'utf8').digest()],
      );
      expect(expired[0]).toHaveLength(1);
      const refusedLink = await page.goto(late.href);
      expect(refusedLink!.status()).toBe(404);
      expect(await page.textContent('h1')).toBe(t('signIn.invalidTitle'));
      expect(await page.locator('main form button[type=submit]').count()).toBe(0);
      await page.goto('/console/admin/partners');
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    }, 240_000);
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
