import { Browser, Page } from 'playwright-core';
import { registerThroughApi, settled } from './support/acceptance';
import { click, expectUsablePage, launchBrowser, newContext } from './support/browser';
import { addSessionCookie, ConsoleEnv, consoleSessionCookie, startConsoleEnv } from './support/console';
import { createCohostedEvent } from './support/events';

/**
 * The attendance page in Chromium, in Japanese (host) and English (co-host):
 * reached from the webinar page, a Zoom report pasted and its result shown,
 * then a refused follow-up (before the end). Each state: screenshots at 360
 * and 1280 px, no horizontal scroll at 360 px, no serious or critical axe
 * violation, no skipped heading level.
 */
describe('console attendance page in a browser', () => {
  let env: ConsoleEnv;
  let browser: Browser;

  beforeAll(async () => {
    env = await startConsoleEnv();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const checkPage = (page: Page, name: string) => expectUsablePage(page, `console-att-${name}`);

  it('shows, imports and refuses in place, accessibly, in ja and en at 360 px', async () => {
    const { event, hostOrganizer, cohostOrganizer } = await createCohostedEvent(env.api, {});
    const a = await registerThroughApi(env.api, event, { consent: { shareWithCohosts: true } });
    await registerThroughApi(env.api, event, { consent: { shareWithCohosts: false } });
    await settled(env.api, event.id);

    for (const [who, locale, lang] of [
      [hostOrganizer, 'ja-JP', 'ja'],
      [cohostOrganizer, 'en-GB', 'en'],
    ] as const) {
      const context = await newContext(browser, env.base, { locale, timezoneId: 'Asia/Tokyo' });
      const session = await consoleSessionCookie(env.api, {
        email: who.email,
        role: 'organizer',
        organizerId: who.id,
      });
      await addSessionCookie(context, env.base, session);
      const page = await context.newPage();
      await page.goto(`${env.base}/console/events/${event.id}`);
      expect((await click(page, '[data-testid="attendance-link"]')).status()).toBe(200);
      expect(await page.locator('[data-testid="registrant"]').count()).toBe(lang === 'ja' ? 2 : 1);
      await checkPage(page, `${lang}-list`);

      await page.fill(
        '#f-report',
        `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n A,${a.email},1,2,3\nB,nobody@example.org,1,2,3`,
      );
      expect((await click(page, 'button:has-text("' + (lang === 'ja' ? '取り込む' : 'Import') + '")')).status()).toBe(
        200,
      );
      expect(await page.textContent('[data-testid="imported"]')).toContain('nobody@example.org');
      expect(await page.isChecked(`#a-${a.id}`)).toBe(true);
      await checkPage(page, `${lang}-imported`);

      await page.fill('#f-attendeeEn', 'Thank you.');
      await page.fill('#f-noShowJa', '残念でした。');
      expect((await click(page, 'form[action$="/followup"] button[type="submit"]')).status()).toBe(422);
      expect(await page.textContent('[data-testid="followup-error"]')).toContain('ended');
      await checkPage(page, `${lang}-followup-refused`);
      await context.close();
    }
  });
});
