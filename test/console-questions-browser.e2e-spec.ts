import { Browser, Page } from 'playwright-core';
import { expectUsablePage, launchBrowser, newContext } from './support/browser';
import { addSessionCookie, ConsoleEnv, consoleSessionCookie, startConsoleEnv } from './support/console';
import { createCohostedEvent } from './support/events';
import type { TestOrganizer } from './support/factories';

/**
 * The registration questions editor in Chromium with the keyboard alone:
 * the host (Japanese) creates a question of every type from the webinar
 * page, sees an error at its field, moves a question up; the host's page in
 * English and the co-host's read-only page (English, 403 on the form). Each
 * state: screenshots at 360 and 1280 px, no horizontal scroll at 360 px, no
 * serious or critical axe violation, no skipped heading level.
 */
describe('console registration questions in a browser', () => {
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

  const checkPage = (page: Page, name: string) => expectUsablePage(page, `console-qs-${name}`);

  async function signedIn(who: TestOrganizer, locale: string) {
    const context = await newContext(browser, env.base, { locale, timezoneId: 'Asia/Tokyo' });
    const session = await consoleSessionCookie(env.api, { email: who.email, role: 'organizer', organizerId: who.id });
    await addSessionCookie(context, env.base, session);
    const page = await context.newPage();
    const focused = () =>
      page.evaluate(
        'document.activeElement && (document.activeElement.id || document.activeElement.textContent.trim())',
      );
    async function tabTo(target: string, limit = 120) {
      for (let i = 0; i < limit; i++) {
        if ((await focused()) === target) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${target} (last: ${String(await focused())})`);
    }
    const enter = () => Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]).then(([r]) => r!);
    return { context, page, focused, tabTo, enter };
  }

  it('creates every type with the keyboard, shows errors at fields, reorders; a co-host only reads; ja and en at 360 px', async () => {
    const { event, hostOrganizer, cohostOrganizer } = await createCohostedEvent(env.api, {});
    const host = await signedIn(hostOrganizer, 'ja-JP');
    const { page, tabTo, enter, focused } = host;
    await page.goto(`${env.base}/console/events/${event.id}`);
    await tabTo('登録時の質問');
    await enter();
    expect(new URL(page.url()).pathname).toBe(`/console/events/${event.id}/questions`);
    await checkPage(page, 'ja-empty');

    // An error first: a single choice without choices, then without a label.
    await tabTo('質問を追加');
    await enter();
    await checkPage(page, 'ja-form');
    await tabTo('f-kind');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#f-kind')).toBe('single_choice');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('f-labelEn');
    await page.keyboard.type('Field');
    await tabTo('質問を保存');
    expect((await enter()).status()).toBe(400);
    expect(await page.textContent('#f-choices')).toContain('選択肢を 1 つ以上');
    expect(await page.inputValue('#f-labelEn')).toBe('Field');
    await checkPage(page, 'ja-error');
    // The summary's link leads to the field.
    await tabTo('選択肢を 1 つ以上(50 個まで)入力してください。');
    await page.keyboard.press('Enter');
    await tabTo('f-choice-0-en');
    await page.keyboard.type('Biology');
    await page.keyboard.press('Tab');
    await page.keyboard.type('生物学');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Medicine');
    await tabTo('質問を保存');
    await enter();
    expect(await page.textContent('[data-testid="done"]')).toBe('質問を追加しました。');

    // The four other types, each from "Add a question" (kinds in order: short, long, single, multiple, checkbox).
    const more: Array<{ downs: number; en: string; ja: string; required: boolean; max?: string; choice?: string }> = [
      { downs: 0, en: 'Your role', ja: '役割', required: true, max: '40' },
      { downs: 1, en: 'What do you hope to learn?', ja: '', required: false },
      { downs: 3, en: 'Sessions', ja: 'セッション', required: false, choice: 'Morning' },
      { downs: 4, en: 'I agree to be recorded', ja: '録画に同意します', required: true },
    ];
    for (const q of more) {
      await tabTo('質問を追加');
      await enter();
      await tabTo('f-kind');
      for (let i = 0; i < q.downs; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      await page.keyboard.type(q.en);
      await page.keyboard.press('Tab');
      if (q.ja) await page.keyboard.type(q.ja);
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('f-required');
      if (q.required) await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      if (q.max) await page.keyboard.type(q.max);
      if (q.choice) {
        await tabTo('f-choice-0-en');
        await page.keyboard.type(q.choice);
      }
      await tabTo('質問を保存');
      expect((await enter()).status()).toBe(200);
    }
    const stored = (await env.api.http.get(`/api/v1/events/${event.id}/questions`).expect(200)).body
      .questions as Array<{
      kind: string;
      required: boolean;
      maxLength: number | null;
      label: { en?: string };
    }>;
    expect(stored.map((q) => [q.kind, q.label.en, q.required, q.maxLength])).toEqual([
      ['single_choice', 'Field', false, null],
      ['short_text', 'Your role', true, 40],
      ['long_text', 'What do you hope to learn?', false, 2000],
      ['multiple_choice', 'Sessions', false, null],
      ['checkbox', 'I agree to be recorded', true, null],
    ]);
    expect(await page.locator('[data-testid="question"]').count()).toBe(5);
    await checkPage(page, 'ja-list');

    // The first "up" button belongs to question 2: it becomes the first.
    await tabTo('上へ');
    await enter();
    expect(await page.textContent('[data-testid="question"]:first-child [data-testid="label"]')).toBe('役割');
    await page.goto(`${env.base}/console/events/${event.id}/questions?lang=en`);
    await checkPage(page, 'en-list');
    await host.context.close();

    const cohost = await signedIn(cohostOrganizer, 'en-GB');
    await cohost.page.goto(`${env.base}/console/events/${event.id}`);
    await cohost.tabTo('Registration questions');
    await cohost.enter();
    expect(await cohost.page.locator('[data-testid="read-only"]').count()).toBe(1);
    expect(await cohost.page.locator('main form').count()).toBe(0);
    await checkPage(cohost.page, 'en-cohost');
    const refused = await cohost.page.goto(`${env.base}/console/events/${event.id}/questions/new`);
    expect(refused!.status()).toBe(403);
    await cohost.context.close();
  });
});
