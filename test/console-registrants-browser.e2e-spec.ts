import { Browser, BrowserContext, Page } from 'playwright-core';
import { registerThroughApi, settled } from './support/acceptance';
import { expectUsablePage, launchBrowser, newContext } from './support/browser';
import { addSessionCookie, ConsoleEnv, consoleSessionCookie, startConsoleEnv } from './support/console';
import { createCohostedEvent, sql } from './support/events';
import { TestOrganizer } from './support/factories';
import { eventually } from './support/mail-server';
import { seedRegistrants } from './support/registrants';
import { UNTHROTTLED } from './support/registrations';

/**
 * The registrant table in Chromium, the host in Japanese and an accepted
 * co-host in English: filtering and searching 1,000 seeded registrants and
 * paging them with the keyboard only; a co-host seeing only consenting
 * registrants and the count of the others; cancelling from the table with
 * the keyboard (the first waitlisted promoted, emailed in their language);
 * the promoted count after raising capacity. Each page: screenshots at 360
 * and 1280 px, no horizontal scroll of the page at 360 px (the table
 * becomes cards), no serious or critical axe violation, no skipped heading.
 */
describe('console registrant table in a browser', () => {
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

  const checkPage = (page: Page, name: string) => expectUsablePage(page, `console-reg-${name}`);

  async function signedIn(who: TestOrganizer, locale: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(browser, env.base, { locale, timezoneId: 'Asia/Tokyo' });
    const session = await consoleSessionCookie(env.api, { email: who.email, role: 'organizer', organizerId: who.id });
    await addSessionCookie(context, env.base, session);
    return { context, page: await context.newPage() };
  }

  /** What has the focus: its id, else its accessible label, else its text. */
  const focused = (page: Page) =>
    page.evaluate(
      `(() => { const e = document.activeElement; return e && (e.id || e.getAttribute('aria-label') || e.textContent.trim()); })()`,
    ) as Promise<string>;

  async function tabTo(page: Page, target: string, limit = 200) {
    for (let i = 0; i < limit; i++) {
      if ((await focused(page)) === target) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target} (last: ${await focused(page)})`);
  }

  async function enter(page: Page) {
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    return response!;
  }

  const rows = (page: Page) => page.locator('[data-testid="registrant"]');
  const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

  it('filters, searches and pages 1,000 registrants with the keyboard; a co-host sees only those who consented', async () => {
    const { event, host, cohost, hostOrganizer, cohostOrganizer } = await createCohostedEvent(env.api, {});
    await seedRegistrants(env.api, event.id, 1000, { tag: 'browser', viaPartnerIds: [host.id, cohost.id] });

    for (const [who, locale, lang] of [
      [hostOrganizer, 'ja-JP', 'ja'],
      [cohostOrganizer, 'en-GB', 'en'],
    ] as const) {
      const { context, page } = await signedIn(who, locale);
      try {
        await page.goto(`/console/events/${event.id}`);
        await tabTo(page, lang === 'ja' ? '申込者' : 'Registrants');
        expect((await enter(page)).status()).toBe(200);
        expect(await rows(page).count()).toBe(50);
        if (lang === 'ja') {
          expect(await text(page, '[data-testid="matching"]')).toBe('該当する申込者は 1,000 名です。');
          expect(await page.locator('[data-testid="consented"]').count()).toBe(0);
        } else {
          expect(await text(page, '[data-testid="matching"]')).toBe('500 registrants match.');
          expect(await text(page, '[data-testid="consented"]')).toContain(
            '500 other registrants of this status are not shown',
          );
          const names = await page.locator('[data-testid="name"]').allTextContents();
          // Registrant i consented when i is even: Person 2, Person 4, ...
          expect(names.slice(0, 3)).toEqual(['Person 2', 'Person 4', 'Person 6']);
        }
        await checkPage(page, `${lang}-all`);

        // Status "cancelled" and a search, typed; Enter in the search field submits.
        await tabTo(page, 'f-status');
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
        expect(await page.inputValue('#f-status')).toBe('cancelled');
        await tabTo(page, 'f-q');
        await page.keyboard.type('山田 9');
        expect((await enter(page)).status()).toBe(200);
        expect(new URL(page.url()).searchParams.get('status')).toBe('cancelled');
        // Cancelled registrants are those with i % 10 = 0, all named 山田 i: 90 and 900..990.
        expect(await rows(page).count()).toBe(11);
        expect(new Set(await rows(page).evaluateAll((r) => r.map((e) => e.getAttribute('data-status'))))).toEqual(
          new Set(['cancelled']),
        );
        expect(await page.inputValue('#f-q')).toBe('山田 9');
        await checkPage(page, `${lang}-filtered`);

        // The partner filter, by keyboard: the second partner in the list (options: all, none, partners...).
        await tabTo(page, 'f-q');
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.press('Backspace');
        await tabTo(page, 'f-via');
        await page.keyboard.press('ArrowDown');
        expect(await page.inputValue('#f-via')).toBe('-');
        await tabTo(page, 'f-q');
        expect((await enter(page)).status()).toBe(200);
        const [{ n }] = await sql<{ n: number }>(
          env.api,
          `SELECT count(*)::int AS n FROM registrations
            WHERE event_id = $1 AND status = 'cancelled' AND via_partner_id IS NULL
              AND (share_with_cohosts OR $2)`,
          [event.id, lang === 'ja'],
        );
        expect(await rows(page).count()).toBe(Math.min(n, 50));

        // Clear the filters, then page forward with the keyboard.
        await tabTo(page, lang === 'ja' ? '条件をクリア' : 'Clear filters');
        await enter(page);
        const firstPage = await rows(page).evaluateAll((r) => r.map((e) => e.getAttribute('data-id')));
        await tabTo(page, lang === 'ja' ? '次のページ' : 'Next page');
        await enter(page);
        const secondPage = await rows(page).evaluateAll((r) => r.map((e) => e.getAttribute('data-id')));
        expect(secondPage).toHaveLength(50);
        expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
        await checkPage(page, `${lang}-page-2`);
      } finally {
        await context.close();
      }
    }
  }, 180_000);

  it('cancels from the table with the keyboard; the first waitlisted is promoted and emailed in their language', async () => {
    for (const lang of ['ja', 'en'] as const) {
      const { event, hostOrganizer, cohostOrganizer } = await createCohostedEvent(env.api, {
        event: { capacity: 2, waitlist: true },
      });
      const a = await registerThroughApi(env.api, event, { name: `Aiko ${lang}`, locale: lang });
      await registerThroughApi(env.api, event, { name: `Ben ${lang}`, locale: lang });
      const w1 = await registerThroughApi(env.api, event, { name: `Chika ${lang}`, locale: lang });
      const w2 = await registerThroughApi(env.api, event, { name: `Dan ${lang}`, locale: lang });
      await settled(env.api, event.id);
      const before = (await env.smtp.parsedFor(w1.email)).length;

      // The host cancels in Japanese, the co-host (the registrants consented) in English.
      const { context, page } = await signedIn(
        lang === 'ja' ? hostOrganizer : cohostOrganizer,
        lang === 'ja' ? 'ja-JP' : 'en-GB',
      );
      try {
        await page.goto(`/console/events/${event.id}/registrations`);
        expect(await text(page, `[data-id="${w1.id}"] .reg-state`)).toBe(
          lang === 'ja' ? 'キャンセル待ち 1 番目' : 'Waitlisted #1',
        );
        await checkPage(page, `${lang}-before-cancel`);
        await tabTo(
          page,
          lang === 'ja' ? `Aiko ${lang} さんの申込をキャンセル` : `Cancel the registration of Aiko ${lang}`,
        );
        expect((await enter(page)).status()).toBe(200);
        expect(await text(page, 'h1')).toBe(
          lang === 'ja' ? `Aiko ${lang} さんの申込をキャンセルしますか?` : `Cancel the registration of Aiko ${lang}?`,
        );
        expect(await page.locator('[data-testid="cancel-promotes"]').count()).toBe(1);
        await checkPage(page, `${lang}-cancel-confirm`);
        await tabTo(page, lang === 'ja' ? 'この申込をキャンセル' : 'Cancel this registration');
        expect((await enter(page)).status()).toBe(200);
        expect(await text(page, '[data-testid="done"]')).toBe(
          lang === 'ja'
            ? '申込をキャンセルしました。キャンセル待ちの 1 名が確定になり、メールを送っています。'
            : 'The registration was cancelled; 1 person moved from the waitlist to confirmed and is being emailed.',
        );
        expect(await text(page, `[data-id="${a.id}"] .reg-state`)).toBe(lang === 'ja' ? 'キャンセル' : 'Cancelled');
        expect(await text(page, `[data-id="${w1.id}"] .reg-state`)).toBe(lang === 'ja' ? '確定' : 'Confirmed');
        expect(await text(page, `[data-id="${w2.id}"] .reg-state`)).toBe(
          lang === 'ja' ? 'キャンセル待ち 1 番目' : 'Waitlisted #1',
        );
        await checkPage(page, `${lang}-after-cancel`);
      } finally {
        await context.close();
      }
      await eventually(async () => (await env.smtp.parsedFor(w1.email)).length > before, 15_000);
      const mail = (await env.smtp.parsedFor(w1.email)).at(-1)!;
      expect(mail.subject).toContain(lang === 'ja' ? '空きが出たため、ご登録が確定しました' : 'A seat opened up');
      expect(mail.attachments.some((p) => p.contentType === 'text/calendar')).toBe(true);
    }
  }, 120_000);

  it('says after saving a raised capacity how many waitlisted registrants were promoted', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(env.api, { event: { capacity: 1, waitlist: true } });
    await registerThroughApi(env.api, event);
    await registerThroughApi(env.api, event);
    await registerThroughApi(env.api, event);
    const { context, page } = await signedIn(hostOrganizer, 'ja-JP');
    try {
      await page.goto(`/console/events/${event.id}/edit`);
      await page.fill('#f-capacity', '5');
      await Promise.all([page.waitForNavigation(), page.click('[data-testid="save"]')]);
      expect(await text(page, '.org-done')).toBe(
        '変更を保存しました。 キャンセル待ちの 2 名が確定になりました。各自にメールを送っています。',
      );
      await checkPage(page, 'ja-promoted');
    } finally {
      await context.close();
    }
  }, 60_000);
});
