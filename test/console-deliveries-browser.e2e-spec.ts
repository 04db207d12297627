import { unique } from '@cohost/testing';
import { Browser, Page } from 'playwright-core';
import { registerThroughApi } from './support/acceptance';
import { expectUsablePage, launchBrowser, newContext } from './support/browser';
import { addSessionCookie, ConsoleEnv, consoleSessionCookie, startConsoleEnv } from './support/console';
import { createCohostedEvent, sql } from './support/events';
import { eventually } from './support/mail-server';
import { UNTHROTTLED } from './support/registrations';

/**
 * The delivery page in Chromium, with the keyboard alone, in Japanese (host)
 * and English (co-host): reached from the webinar page, filtered to failed
 * messages, one retried, the flash read. Two registrants' confirmations are
 * refused (550) by the test SMTP server, which accepts again before the
 * retries; each retried address then receives exactly one message. Each
 * state: screenshots at 360 and 1280 px, no horizontal scroll at 360 px, no
 * serious or critical axe violation, no skipped heading level.
 */
describe('console delivery page in a browser', () => {
  let env: ConsoleEnv;
  let browser: Browser;

  beforeAll(async () => {
    env = await startConsoleEnv(UNTHROTTLED);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const checkPage = (page: Page, name: string) => expectUsablePage(page, `console-dlv-${name}`);

  it('filters and retries with the keyboard alone, accessibly, in ja and en at 360 px', async () => {
    const { event, hostOrganizer, cohostOrganizer } = await createCohostedEvent(env.api, {});
    const refused = [`${unique('ja-refused')}@member.example`, `${unique('en-refused')}@member.example`];
    env.smtp.behave({ reject: refused });
    for (const email of refused) {
      await registerThroughApi(env.api, event, { email, consent: { shareWithCohosts: true } });
    }
    await registerThroughApi(env.api, event, { consent: { shareWithCohosts: true } });
    await eventually(async () => {
      const rows = await sql<{ status: string }>(env.api, 'SELECT status FROM notifications WHERE event_id = $1', [
        event.id,
      ]);
      return rows.length === 3 && rows.filter((r) => r.status === 'failed').length === 2;
    }, 15_000);
    env.smtp.behave({ reject: [] });

    for (const [who, locale, lang, email] of [
      [hostOrganizer, 'ja-JP', 'ja', refused[0]],
      [cohostOrganizer, 'en-GB', 'en', refused[1]],
    ] as const) {
      const context = await newContext(browser, env.base, { locale, timezoneId: 'Asia/Tokyo' });
      const session = await consoleSessionCookie(env.api, { email: who.email, role: 'organizer', organizerId: who.id });
      await addSessionCookie(context, env.base, session);
      const page = await context.newPage();
      const focused = () =>
        page.evaluate(
          'document.activeElement && (document.activeElement.id || document.activeElement.textContent.trim())',
        );
      async function tabTo(target: string, limit = 80) {
        for (let i = 0; i < limit; i++) {
          if ((await focused()) === target) return;
          await page.keyboard.press('Tab');
        }
        throw new Error(`Tab never reached ${target} (last: ${String(await focused())})`);
      }
      const t = (ja: string, en: string) => (lang === 'ja' ? ja : en);

      await page.goto(`${env.base}/console/events/${event.id}`);
      await tabTo(t('メールの配信状況', 'Delivery status of the emails'));
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).pathname).toBe(`/console/events/${event.id}/deliveries`);
      expect(await page.locator('[data-testid="delivery"]').count()).toBe(3);
      await checkPage(page, `${lang}-list`);

      // Status "failed" (All, pending, sent, failed) from the keyboard, then "Show".
      await tabTo('f-status');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
      expect(await page.inputValue('#f-status')).toBe('failed');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe(t('表示', 'Show'));
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
      const failedRows = page.locator('[data-testid="delivery"]');
      expect(await failedRows.count()).toBe(lang === 'ja' ? 2 : 1);
      expect(
        await page.locator(`[data-testid="delivery"]:has-text("${email}") [data-testid="error"]`).textContent(),
      ).toMatch(/550/);
      await checkPage(page, `${lang}-failed`);

      // Tab on to the "Retry" of this language's address.
      const onRetryOf = (address: string) =>
        page.evaluate(
          `(() => { const a = document.activeElement; return !!a && a.getAttribute('data-testid') === 'retry' &&
             (a.closest('[data-testid="delivery"]')?.textContent ?? '').includes(${JSON.stringify(address)}); })()`,
        );
      for (let i = 0; !(await onRetryOf(email)); i++) {
        if (i > 80) throw new Error(`Tab never reached the retry of ${email}`);
        await page.keyboard.press('Tab');
      }
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.textContent('[data-testid="retried"]')).toBe(
        t('失敗したメッセージ 1 件を再びキューに入れました。', '1 failed message was queued again.'),
      );
      await checkPage(page, `${lang}-retried`);
      await eventually(async () => (await env.smtp.parsedFor(email)).length === 1, 15_000);
      await context.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 800));
    for (const email of refused) expect([email, (await env.smtp.parsedFor(email)).length]).toEqual([email, 1]);
  });
});
