import { Browser, Page } from 'playwright-core';
import { registerThroughApi, settled } from './support/acceptance';
import { expectUsablePage, launchBrowser, newContext } from './support/browser';
import { addSessionCookie, ConsoleEnv, consoleSessionCookie, startConsoleEnv } from './support/console';
import { createCohostedEvent } from './support/events';

/**
 * The announcements page in Chromium at 360 px, with the keyboard alone, in
 * Japanese (host, to everyone) and English (co-host, to the confirmed who
 * consented): reached from the webinar page, composed, previewed, sent, and
 * listed. Each state: no horizontal scroll at 360 px, no serious or critical
 * axe violation, no skipped heading level. The emails then arrive once each.
 */
describe('console announcements page in a browser', () => {
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

  const focused = (page: Page) =>
    page.evaluate(
      'document.activeElement && (document.activeElement.id || document.activeElement.getAttribute("data-testid") || document.activeElement.textContent.trim())',
    );
  async function tabTo(page: Page, target: string, limit = 80) {
    for (let i = 0; i < limit; i++) {
      if ((await focused(page)) === target) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target} (last: ${String(await focused(page))})`);
  }
  async function enter(page: Page) {
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    return response!;
  }

  it('composes, previews and sends with the keyboard alone, accessibly, in ja and en at 360 px', async () => {
    const { event, hostOrganizer, cohostOrganizer } = await createCohostedEvent(env.api, {
      event: { capacity: 2, waitlist: true },
    });
    const en = await registerThroughApi(env.api, event, { locale: 'en', consent: { shareWithCohosts: true } });
    const ja = await registerThroughApi(env.api, event, { locale: 'ja', consent: { shareWithCohosts: false } });
    const waiting = await registerThroughApi(env.api, event, { locale: 'ja', consent: { shareWithCohosts: true } });
    expect(waiting.status).toBe('waitlisted');
    await settled(env.api, event.id);

    for (const [who, locale, lang] of [
      [hostOrganizer, 'ja-JP', 'ja'],
      [cohostOrganizer, 'en-GB', 'en'],
    ] as const) {
      const context = await newContext(browser, env.base, { locale, width: 360 });
      const session = await consoleSessionCookie(env.api, {
        email: who.email,
        role: 'organizer',
        organizerId: who.id,
      });
      await addSessionCookie(context, env.base, session);
      const page = await context.newPage();
      try {
        await page.goto(`${env.base}/console/events/${event.id}`);
        await tabTo(page, 'announcements-link');
        expect((await enter(page)).status()).toBe(200);
        await expectUsablePage(page, `console-ann-${lang}-compose`);

        if (lang === 'ja') {
          // Everyone: the radio group moves with the arrow keys.
          await tabTo(page, 'f-audience');
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('ArrowDown');
          expect(await focused(page)).toBe('f-audience-both');
        }
        await tabTo(page, 'f-subjectEn');
        await page.keyboard.type(`News <b>${lang}</b>`);
        await page.keyboard.press('Tab');
        await page.keyboard.type('Line <i>one</i>\n\nSee https://example.org/news.');
        await page.keyboard.press('Tab');
        await page.keyboard.type(`お知らせ ${lang}`);
        await page.keyboard.press('Tab');
        await page.keyboard.type('一段落目\n\n詳しくは https://example.org/ja をご覧ください。');
        await page.keyboard.press('Tab');
        expect(await focused(page)).toBe(lang === 'ja' ? 'プレビュー' : 'Preview');
        expect((await enter(page)).status()).toBe(200);
        const expected = lang === 'ja' ? 3 : 1;
        expect(await page.textContent('[data-testid="preview-count"]')).toContain(String(expected));
        expect(await page.textContent(`[data-testid="preview-subject-en"]`)).toBe(
          `[Life Science Symposium] News <b>${lang}</b>`,
        );
        // The HTML part as a mail program shows it: the link works, the tags are text.
        const frame = page.frameLocator('[data-testid="preview-en"] iframe');
        expect(await frame.locator('a[href="https://example.org/news"]').count()).toBe(1);
        expect(await frame.locator('body').textContent()).toContain('Line <i>one</i>');
        expect(await frame.locator('i').count()).toBe(0);
        await expectUsablePage(page, `console-ann-${lang}-preview`);

        await tabTo(page, 'send');
        const sent = await enter(page);
        expect(sent.status()).toBe(200);
        expect(page.url()).toContain('?sent=1');
        expect(await page.locator('[data-testid="announcement"]').count()).toBe(lang === 'ja' ? 1 : 2);
        await expectUsablePage(page, `console-ann-${lang}-sent`);
      } finally {
        await context.close();
      }
    }

    await settled(env.api, event.id);
    const announcements = async (email: string) =>
      (await env.smtp.parsedFor(email)).filter((m) => /News|お知らせ/.test(m.subject ?? '')).map((m) => m.subject);
    // The host's to everyone, the co-host's to the confirmed who consented: each once, in their language.
    expect(await announcements(en.email)).toEqual([
      '[Life Science Symposium] News <b>ja</b>',
      '[Life Science Symposium] News <b>en</b>',
    ]);
    expect(await announcements(ja.email)).toEqual(['【ライフサイエンス・シンポジウム】お知らせ ja']);
    expect(await announcements(waiting.email)).toEqual(['【ライフサイエンス・シンポジウム】お知らせ ja']);
  });
});
