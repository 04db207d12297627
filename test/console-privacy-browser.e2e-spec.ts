import { unique } from '@cohost/testing';
import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { registerThroughApi } from './support/acceptance';
import { click, expectUsablePage, launchBrowser } from './support/browser';
import { addSessionCookie, ConsoleEnv, consoleSessionCookie, startConsoleEnv } from './support/console';
import { createCohostedEvent, sql } from './support/events';
import { createOrganizer, createPartner } from './support/factories';

/**
 * The webhooks pages (organizer) and the privacy pages (hub admin) in
 * Chromium, in Japanese and English: each state checked
 * at 360 px (no horizontal scroll) and with axe-core (no serious or critical
 * violation, no skipped heading level); then the main paths with the
 * keyboard alone and JavaScript off.
 */
jest.setTimeout(90_000);

describe('console webhooks and privacy pages in a browser', () => {
  let env: ConsoleEnv;
  let browser: Browser;

  beforeAll(async () => {
    env = await startConsoleEnv({
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
      // Only in the address check: nothing these tests subscribe to is ever emitted.
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const checkPage = (page: Page, name: string) => expectUsablePage(page, `console-privacy-${name}`);

  async function contextAs(
    who: { email: string; role: 'admin' | 'organizer'; organizerId?: string },
    locale: string,
    javaScriptEnabled = true,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: env.base,
      locale,
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1280, height: 900 },
      // axe needs scripts; the keyboard test runs without them (no page needs one).
      javaScriptEnabled,
    });
    await addSessionCookie(context, env.base, await consoleSessionCookie(env.api, who));
    return { context, page: await context.newPage() };
  }

  async function organizerOfNewPartner() {
    const partner = await createPartner(env.api, { name: { en: 'Kyoto Bio Cluster', ja: '京都バイオクラスター' } });
    return createOrganizer(env.api, partner);
  }

  const focused = (page: Page) =>
    page.evaluate('document.activeElement && (document.activeElement.id || document.activeElement.textContent.trim())');
  async function tabTo(page: Page, target: string, limit = 60) {
    for (let i = 0; i < limit; i++) {
      if ((await focused(page)) === target) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target} (last: ${String(await focused(page))})`);
  }

  it.each([
    ['ja', 'ja-JP'],
    ['en', 'en-GB'],
  ] as const)(
    'webhooks pages in %s: refusal on the form, the secret once, the log, the delete confirmation',
    async (lang, locale) => {
      const organizer = await organizerOfNewPartner();
      const { context, page } = await contextAs(
        { email: organizer.email, role: 'organizer', organizerId: organizer.id },
        locale,
      );
      try {
        await page.goto('/console/events');
        expect((await click(page, 'a[href="/console/webhooks"]')).status()).toBe(200);
        await checkPage(page, `${lang}-webhooks-empty`);

        await page.fill('#f-url', 'https://10.1.2.3/hook');
        await page.check('#f-type-0');
        expect((await click(page, 'main form button[type=submit]')).status()).toBe(400);
        expect(await page.getAttribute('#f-url', 'aria-invalid')).toBe('true');
        expect(await page.textContent('#e-url')).toContain(
          lang === 'ja' ? 'この URL は使えません' : 'This URL is refused',
        );
        await checkPage(page, `${lang}-webhooks-refused`);

        await page.fill('#f-url', `http://127.0.0.1:9/${lang}/hook/${'long-path-segment'.repeat(6)}`);
        expect((await click(page, 'main form button[type=submit]')).status()).toBe(200);
        expect(page.url()).toMatch(/\/console\/webhooks\/[0-9a-f-]{36}\/secret$/);
        const secret = await page.inputValue('[data-testid=secret]');
        expect(secret).toMatch(/^whsec_/);
        await checkPage(page, `${lang}-webhooks-secret`);
        // Shown once: a reload of the secret page lands on the endpoint page, without it.
        await page.reload();
        const endpointUrl = page.url();
        expect(endpointUrl).toMatch(/\/console\/webhooks\/[0-9a-f-]{36}$/);
        expect(await page.content()).not.toContain(secret);
        const id = endpointUrl.split('/').pop()!;
        const [{ id: messageId }] = await sql<{ id: string }>(
          env.api,
          `INSERT INTO webhook_messages (endpoint_id, msg_id, type, payload, status, relayed_at)
         VALUES ($1, $2, 'cohost.declined', '{}', 'failed', now()) RETURNING id::text`,
          [id, `msg_${randomBytes(8).toString('hex')}`],
        );
        await sql(
          env.api,
          `INSERT INTO webhook_attempts (message_id, endpoint_id, attempt, status_code, latency_ms, response_excerpt, error)
         VALUES ($1, $2, 1, 503, 812, $3, NULL), ($1, $2, 2, NULL, 15000, NULL, 'no answer within 15000 ms')`,
          [messageId, id, `{"error":"${'maintenance '.repeat(60)}"}`],
        );
        await page.reload();
        expect(await page.locator('[data-testid=attempt]').count()).toBe(2);
        await checkPage(page, `${lang}-webhook-log`);

        expect((await click(page, 'form[action$="/resend"] button')).status()).toBe(200);
        expect(await page.textContent('.org-done')).toContain(lang === 'ja' ? '再送' : 'sent again');
        expect((await click(page, `a[href="/console/webhooks/${id}/delete"]`)).status()).toBe(200);
        await checkPage(page, `${lang}-webhook-delete`);
        expect((await click(page, 'main form button[type=submit]')).status()).toBe(200);
        expect(page.url()).toMatch(/\/console\/webhooks\?done=deleted$/);
        expect(await page.locator('[data-testid=endpoint]').count()).toBe(0);
      } finally {
        await context.close();
      }
    },
  );

  it.each([
    ['ja', 'ja-JP'],
    ['en', 'en-GB'],
  ] as const)('privacy pages in %s: erasure in two steps, the audit log, suppressions', async (lang, locale) => {
    const adminEmail = `${unique('admin')}@hub.example`;
    const { event } = await createCohostedEvent(env.api);
    const person = await registerThroughApi(env.api, event, { email: `${unique('gone')}@example.org` });
    await sql(
      env.api,
      `INSERT INTO mail_suppressions (address, scope, reason, detail) VALUES
         ($1, 'bulk', 'hard_bounce', '550 5.1.1 <' || $1 || '>: Recipient address rejected: User unknown in virtual mailbox table'),
         ($2, 'bulk', 'unsubscribed', NULL)`,
      [`${unique('bounced')}@example.org`, `${unique('unsub')}@example.org`],
    );
    const { context, page } = await contextAs({ email: adminEmail, role: 'admin' }, locale);
    try {
      await page.goto('/console/admin/partners');
      expect((await click(page, 'a[href="/console/admin/erasure"]')).status()).toBe(200);
      await checkPage(page, `${lang}-erasure-form`);
      await page.fill('#f-email', 'not an address');
      expect((await click(page, 'main form button[type=submit]')).status()).toBe(400);
      await checkPage(page, `${lang}-erasure-invalid`);
      await page.fill('#f-email', person.email);
      expect((await click(page, 'main form button[type=submit]')).status()).toBe(200);
      expect(await page.textContent('[data-testid=preview]')).toContain('1');
      await checkPage(page, `${lang}-erasure-confirm`);
      expect((await click(page, 'main form button[type=submit]')).status()).toBe(200);
      expect(await page.textContent('.result')).toContain('1');
      await checkPage(page, `${lang}-erasure-done`);
      expect(await sql(env.api, `SELECT name FROM registrations WHERE id = $1`, [person.id])).toEqual([
        { name: 'erased' },
      ]);

      expect((await click(page, 'a[href="/console/admin/audit"]')).status()).toBe(200);
      await page.fill('#f-actor', adminEmail);
      await page.selectOption('#f-action', 'erasure');
      expect((await click(page, 'main form button[type=submit]')).status()).toBe(200);
      expect(await page.locator('[data-testid=entry]').count()).toBe(1);
      expect(await page.textContent('[data-testid=entry]')).toContain(person.id);
      await checkPage(page, `${lang}-audit`);

      expect((await click(page, 'a[href="/console/admin/suppressions"]')).status()).toBe(200);
      expect(await page.locator('[data-testid=suppression]').count()).toBeGreaterThanOrEqual(2);
      await checkPage(page, `${lang}-suppressions`);
      expect((await click(page, '[data-testid=suppression] a')).status()).toBe(200);
      await checkPage(page, `${lang}-suppression-remove`);
      expect((await click(page, 'main form button[type=submit]')).status()).toBe(200);
      expect(await page.textContent('.result')).toMatch(/@example\.org/);
    } finally {
      await context.close();
    }
  });

  it('works with the keyboard alone: an organizer adds an endpoint, a hub admin erases a person', async () => {
    const organizer = await organizerOfNewPartner();
    const org = await contextAs(
      { email: organizer.email, role: 'organizer', organizerId: organizer.id },
      'en-GB',
      false,
    );
    try {
      const page = org.page;
      await page.goto('/console/webhooks');
      await tabTo(page, 'f-url');
      await page.keyboard.type('http://127.0.0.1:9/keyboard');
      await tabTo(page, 'f-type-2');
      await page.keyboard.press('Space');
      await tabTo(page, 'Add the endpoint');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.inputValue('[data-testid=secret]')).toMatch(/^whsec_/);
      await tabTo(page, 'Continue to the endpoint');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.textContent('[data-testid=state]')).toBe('Enabled');
      await tabTo(page, 'Disable');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.textContent('[data-testid=state]')).toBe('Disabled');
    } finally {
      await org.context.close();
    }

    const { event } = await createCohostedEvent(env.api);
    const person = await registerThroughApi(env.api, event, { email: `${unique('keys')}@example.org` });
    const admin = await contextAs({ email: `${unique('admin')}@hub.example`, role: 'admin' }, 'en-GB', false);
    try {
      const page = admin.page;
      await page.goto('/console/admin/erasure');
      await tabTo(page, 'f-email');
      await page.keyboard.type(person.email);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await tabTo(page, 'Erase this person');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.textContent('.result')).toContain('1 registration(s)');
      expect(await sql(env.api, `SELECT name FROM registrations WHERE id = $1`, [person.id])).toEqual([
        { name: 'erased' },
      ]);
    } finally {
      await admin.context.close();
    }
  });
});
