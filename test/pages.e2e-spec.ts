import { INestApplicationContext } from '@nestjs/common';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiHarness, startApi } from './support/api-harness';
import { launchBrowser, listen, newContext, screenshots } from './support/browser';
import { createCohostedEvent, sql } from './support/events';
import { eventually, startSmtpServer, TestSmtpServer } from './support/mail-server';
import { startWorker } from './support/notify-fixtures';

/**
 * The public pages in Debian's Chromium: the acceptance paths of issue 6.
 * One browser for the file; each test makes its own events, so order does not matter.
 */
describe('public pages in a browser', () => {
  let api: ApiHarness;
  let browser: Browser;
  let base: string;
  let ja: BrowserContext;
  let page: Page;
  let smtp: TestSmtpServer;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_REGISTER_PER_MIN: '1000', RATE_LIMIT_CANCEL_PER_MIN: '1000' });
    base = await listen(api);
    // The emails (and their cancel links) come from the real worker through a test SMTP server.
    smtp = await startSmtpServer();
    worker = await startWorker(api, { SMTP_URL: smtp.url, PUBLIC_BASE_URL: base, OUTBOX_POLL_MS: '200' });
    browser = await launchBrowser();
    ja = await newContext(browser, base, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    page = await ja.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await smtp?.close();
    await api?.close();
  });

  async function submit(target: Page, selector = 'form button[type=submit]') {
    const [response] = await Promise.all([target.waitForNavigation(), target.click(selector)]);
    return response!;
  }

  async function fill(target: Page, values: { name: string; email: string; organization: string }) {
    await target.fill('#f-name', values.name);
    await target.fill('#f-email', values.email);
    await target.fill('#f-organization', values.organization);
  }

  it('in Japanese: list, open a co-hosted webinar, register, confirmed with working calendar links', async () => {
    const { event } = await createCohostedEvent(api, { event: { capacity: 50 } });
    await page.goto('/');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.textContent('h1')).toBe('開催予定のウェビナー');
    const card = page.locator('.card', { has: page.locator(`a[href="/events/${event.slug}"]`) });
    expect(await card.textContent()).toContain('東京ライフサイエンスハブ');
    expect(await card.textContent()).toContain('Royal Danish Embassy');
    expect(await card.textContent()).toContain('残り 50 席');
    expect((await screenshots(page, 'index')).scrollWidth360).toBeLessThanOrEqual(360);

    await Promise.all([page.waitForNavigation(), card.locator(`a[href="/events/${event.slug}"]`).click()]);
    expect(await page.textContent('h1')).toBe('ライフサイエンス・シンポジウム');
    expect(await page.textContent('.card__meta')).toContain('Royal Danish Embassy');
    // The script picked the browser's zone; the visitor may still change it.
    expect(await page.inputValue('#f-timezone')).toBe('Asia/Tokyo');
    expect((await screenshots(page, 'event')).scrollWidth360).toBeLessThanOrEqual(360);

    const email = `hanako.${Date.now()}@example.jp`;
    await fill(page, { name: '山田 花子', email, organization: '京都バイオ研究所' });
    await page.check('#f-consent');
    const response = await submit(page);
    expect(response.status()).toBe(201);
    expect(await page.textContent('h1')).toBe('お申し込みが完了しました');
    expect((await screenshots(page, 'result-confirmed')).scrollWidth360).toBeLessThanOrEqual(360);

    // One calendar entry per person: the page leads with the emailed invitation and the .ics of the
    // same UID; the web-calendar buttons come after, labelled as a copy that will not be updated.
    const calendar = page.locator('[data-testid=calendar]');
    expect(await calendar.textContent()).toContain(`${email} に送信した招待`);
    const ics = await calendar.locator('a[download]').getAttribute('href');
    expect(ics).toMatch(/\/calendar\.ics\?lang=ja$/);
    const copy = calendar.locator('[data-testid=calendar-copy]');
    expect(await copy.textContent()).toContain('別の予定として追加され、日時の変更や中止は反映されません');
    const hrefs = await calendar.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    const google = hrefs.find((h) => h.startsWith('https://calendar.google.com/'));
    expect(hrefs.indexOf(ics!)).toBeLessThan(hrefs.indexOf(google!));
    expect(await copy.locator('a[href^="https://calendar.google.com/"]').count()).toBe(1);
    expect(await copy.locator('a[href^="https://outlook.live.com/"]').count()).toBe(1);
    expect(google).toContain(`dates=${event.startsAt.replace(/[-:]|\.\d{3}/g, '')}`);
    const file = await ja.request.get(new URL(ics!).pathname + new URL(ics!).search);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toMatch(/^text\/calendar/);
    const fileUid = /^UID:(.+)$/m.exec(await file.text())?.[1].trim();
    expect(fileUid).toBe(`${event.id}@cohost`);
    // The invitation email carries the same UID, so accepting it and opening the .ics make one entry.
    await eventually(async () => (await smtp.parsedFor(email)).length > 0, 15_000);
    const [invitation] = await smtp.parsedFor(email);
    const attached = invitation.attachments.find((a) => /calendar|ics/.test(a.contentType))?.content.toString('utf8');
    expect(/^UID:(.+)$/m.exec(attached ?? '')?.[1].trim()).toBe(fileUid);

    const rows = await sql(
      api,
      'SELECT status, locale, timezone, share_with_cohosts FROM registrations WHERE email = $1',
      [email],
    );
    expect(rows).toEqual([{ status: 'confirmed', locale: 'ja', timezone: 'Asia/Tokyo', share_with_cohosts: true }]);
  });

  it('fills the last seat in one browser, then waitlists the next one at position 1', async () => {
    const { event } = await createCohostedEvent(api, { event: { capacity: 1, waitlist: true } });
    const other = await newContext(browser, base, { locale: 'en-GB', timezoneId: 'Europe/Copenhagen' });
    try {
      await page.goto(`/events/${event.slug}`);
      await fill(page, { name: 'First', email: `first.${Date.now()}@example.jp`, organization: 'Org A' });
      await submit(page);
      expect(await page.textContent('h1')).toBe('お申し込みが完了しました');

      const second = await other.newPage();
      await second.goto(`/events/${event.slug}`);
      expect(await second.getAttribute('html', 'lang')).toBe('en');
      expect(await second.textContent('.seats')).toBe('Full: waitlist open');
      expect(await second.inputValue('#f-timezone')).toBe('Europe/Copenhagen');
      await fill(second, { name: 'Second', email: `second.${Date.now()}@example.dk`, organization: 'Org B' });
      const response = await submit(second);
      expect(response.status()).toBe(201);
      expect(await second.textContent('h1')).toBe('You are on the waitlist');
      expect(await second.textContent('[data-testid=waitlist-position]')).toBe('1');
      // No seat, no calendar entry: the invitation follows if a seat becomes free.
      expect(await second.locator('a[href^="https://calendar.google.com/"]').count()).toBe(0);
      expect(await second.textContent('main')).toContain('we email you the invitation for your calendar');
      expect((await screenshots(second, 'result-waitlisted')).scrollWidth360).toBeLessThanOrEqual(360);
    } finally {
      await other.close();
    }
  });

  it('refuses a duplicate email with a message and keeps the values', async () => {
    const { event } = await createCohostedEvent(api);
    const email = `dup.${Date.now()}@example.jp`;
    await page.goto(`/events/${event.slug}`);
    await fill(page, { name: '佐藤 一郎', email, organization: 'Org' });
    await submit(page);
    await page.goto(`/events/${event.slug}`);
    await fill(page, { name: '佐藤 二郎', email: email.toUpperCase(), organization: '別の機関' });
    const response = await submit(page);
    expect(response.status()).toBe(409);
    expect(await page.textContent('[role=alert]')).toContain(
      'このメールアドレスはすでにこのウェビナーに申し込まれています。',
    );
    expect(await page.inputValue('#f-name')).toBe('佐藤 二郎');
    expect(await page.inputValue('#f-email')).toBe(email.toUpperCase());
    expect(await page.inputValue('#f-organization')).toBe('別の機関');
    expect((await screenshots(page, 'event-duplicate')).scrollWidth360).toBeLessThanOrEqual(360);
  });

  it('opens the cancel link of the confirmation email: asks, cancels only on the click, then says the link is no longer valid', async () => {
    const { event } = await createCohostedEvent(api);
    const email = `cancel.${Date.now()}@example.jp`;
    await page.goto(`/events/${event.slug}`);
    await fill(page, { name: 'Cancel Me', email, organization: 'Org' });
    await submit(page);
    const [registration] = await sql<{ id: string }>(api, 'SELECT id FROM registrations WHERE email = $1', [email]);
    await eventually(async () => (await smtp.parsedFor(email)).length > 0, 15_000);
    const [confirmation] = await smtp.parsedFor(email);
    const href = /\S+\/cancel\?token=[A-Za-z0-9_%-]+/.exec(confirmation.text ?? '')?.[0];
    expect(href).toBeDefined();
    const link = new URL(href!);
    expect(link.origin).toBe(base);
    const status = async () =>
      (await sql<{ status: string }>(api, 'SELECT status FROM registrations WHERE id = $1', [registration.id]))[0]
        .status;

    const asked = await page.goto(link.href);
    expect(asked!.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('お申し込みのキャンセル');
    expect(await page.textContent('main')).toContain(email);
    expect(await status()).toBe('confirmed');
    expect((await screenshots(page, 'cancel-ask')).scrollWidth360).toBeLessThanOrEqual(360);

    const done = await submit(page, 'button:has-text("はい、キャンセルします")');
    expect(done.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('キャンセルしました');
    expect(await status()).toBe('cancelled');
    expect((await screenshots(page, 'cancel-done')).scrollWidth360).toBeLessThanOrEqual(360);

    const again = await page.goto(link.href);
    expect(again!.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('このリンクは無効です');
    expect(await page.locator('form').count()).toBe(0);
  });

  it('registers with the keyboard alone, in a logical focus order', async () => {
    const { event } = await createCohostedEvent(api);
    const en = await newContext(browser, base, { locale: 'en-US', timezoneId: 'Europe/Copenhagen' });
    try {
      const kb = await en.newPage();
      await kb.goto(`/events/${event.slug}`);
      let focused = '';
      for (let i = 0; i < 30 && focused !== 'f-name'; i++) {
        await kb.keyboard.press('Tab');
        focused = await kb.evaluate('document.activeElement && document.activeElement.id');
      }
      expect(focused).toBe('f-name');
      await kb.keyboard.type('Keyboard User');
      const order: string[] = [];
      for (let i = 0; i < 6; i++) {
        await kb.keyboard.press('Tab');
        order.push(
          await kb.evaluate(
            'document.activeElement.id || document.activeElement.getAttribute("type") || document.activeElement.tagName',
          ),
        );
        if (order[i] === 'f-email') await kb.keyboard.type(`keys.${Date.now()}@example.org`);
        if (order[i] === 'f-organization') await kb.keyboard.type('Keyboard Inc.');
        if (order[i] === 'f-consent') await kb.keyboard.press('Space');
      }
      expect(order).toEqual(['f-email', 'f-organization', 'f-locale', 'f-timezone', 'f-consent', 'submit']);
      // A visible focus indicator on the focused button.
      expect(await kb.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
      const [response] = await Promise.all([kb.waitForNavigation(), kb.keyboard.press('Enter')]);
      expect(response!.status()).toBe(201);
      expect(await kb.textContent('h1')).toBe('You are registered');
      const [row] = await sql(
        api,
        "SELECT share_with_cohosts, timezone FROM registrations WHERE name = 'Keyboard User'",
      );
      expect(row).toEqual({ share_with_cohosts: true, timezone: 'Europe/Copenhagen' });
    } finally {
      await en.close();
    }
  });

  it("shows a partner's webinars with a webcal subscribe link, and switches language", async () => {
    const { cohost, event } = await createCohostedEvent(api);
    await page.goto(`/partners/${cohost.slug}`);
    expect(await page.textContent('h1')).toBe('Royal Danish Embassy のウェビナー');
    const webcal = await page.getAttribute('a:has-text("このカレンダーを購読する")', 'href');
    expect(webcal).toBe(`webcal://localhost:3000/api/v1/partners/${cohost.slug}/calendar.ics?lang=ja`);
    expect(await page.locator(`a[href="/events/${event.slug}"]`).count()).toBe(1);
    expect((await screenshots(page, 'partner')).scrollWidth360).toBeLessThanOrEqual(360);

    await Promise.all([page.waitForNavigation(), page.click('nav.lang a[hreflang=en]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Webinars of Royal Danish Embassy');
    // The choice sticks (cookie) without ?lang=.
    await page.goto('/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.goto('/?lang=ja');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
  });
});
