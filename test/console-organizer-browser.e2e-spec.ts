import { unique } from '@cohost/testing';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { click, expectUsablePage, launchBrowser, newContext } from './support/browser';
import {
  addSessionCookie,
  ConsoleEnv,
  consoleSessionCookie,
  signInThroughLink,
  startConsoleEnv,
} from './support/console';
import { createEvent, inviteCohost, publishEvent } from './support/events';
import { createAgreement, createOrganizer, createPartner, TestOrganizer, TestPartner } from './support/factories';

/**
 * The organizer pages in Debian's Chromium, the story of issue 12: the host
 * organizer signs in through the emailed link, creates a webinar in Tokyo
 * time, sees the Copenhagen times, invites the embassy (a partner without an
 * agreement is shown unavailable with its reason), the embassy organizer
 * accepts, the host publishes and the webinar is on the public page. Host in
 * Japanese, embassy in English. Each page: screenshots at 360 and 1280 px,
 * no horizontal scroll at 360 px, no serious or critical axe violation.
 */
/** A `datetime-local` value one hour later on the same wall clock (past midnight onto the next day). */
function hourLater(local: string): string {
  return new Date(Date.parse(`${local}Z`) + 3_600_000).toISOString().slice(0, 16);
}

describe('console organizer pages in a browser', () => {
  let env: ConsoleEnv;
  let browser: Browser;
  let host: TestPartner;
  let embassy: TestPartner;
  let stranger: TestPartner;
  let hostOrganizer: TestOrganizer;
  let embassyOrganizer: TestOrganizer;
  let hostContext: BrowserContext;
  let embassyContext: BrowserContext;
  let hostPage: Page;
  let embassyPage: Page;
  const db = () => env.api.app.get(DataSource);

  beforeAll(async () => {
    env = await startConsoleEnv();
    const api = env.api;
    host = await createPartner(api, { name: { en: 'Tokyo Life Science Hub', ja: '東京ライフサイエンスハブ' } });
    embassy = await createPartner(api, {
      name: { en: 'Royal Danish Embassy', ja: 'デンマーク大使館' },
      country: 'DK',
      timezone: 'Europe/Copenhagen',
    });
    stranger = await createPartner(api, { name: { en: 'Osaka Bio Cluster', ja: '大阪バイオクラスター' } });
    await createAgreement(api, host, embassy);
    hostOrganizer = await createOrganizer(api, host, `${unique('hanako')}@hub.example`);
    embassyOrganizer = await createOrganizer(api, embassy, `${unique('mette')}@um.example`);
    browser = await launchBrowser();
    hostContext = await newContext(browser, env.base, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    embassyContext = await newContext(browser, env.base, { locale: 'en-GB', timezoneId: 'Europe/Copenhagen' });
    hostPage = await hostContext.newPage();
    embassyPage = await embassyContext.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** Screenshots at 360 and 1280 px, no horizontal scroll at 360 px, no serious/critical axe violation. */
  const checkPage = (page: Page, name: string) => expectUsablePage(page, `console-org-${name}`);

  const text = async (page: Page, selector: string) => (await page.textContent(selector)) ?? '';

  it('host creates in Tokyo time, sees Copenhagen times, invites the embassy; the embassy accepts; the host publishes', async () => {
    // The host organizer signs in through the emailed link and lands on the dashboard.
    await signInThroughLink(hostPage, env, hostOrganizer.email);
    expect(new URL(hostPage.url()).pathname).toBe('/console/events');
    expect(await hostPage.getAttribute('html', 'lang')).toBe('ja');
    expect(await text(hostPage, 'h1')).toBe('東京ライフサイエンスハブのウェビナー');
    await checkPage(hostPage, 'dashboard-empty');

    await click(hostPage, 'a:has-text("ウェビナーを作成")');
    expect(await text(hostPage, 'h1')).toBe('ウェビナーを作成');
    expect(await hostPage.inputValue('#f-timezone')).toBe('Asia/Tokyo');
    await hostPage.fill('#f-titleEn', 'Danish-Japanese Life Science Symposium');
    await hostPage.fill('#f-titleJa', '日デンマーク・ライフサイエンス・シンポジウム');
    await hostPage.fill('#f-descriptionEn', 'Talks and a panel on cell therapy.');
    await hostPage.fill('#f-descriptionJa', '細胞治療に関する講演とパネル討論。');
    await hostPage.fill('#f-startsAt', '2028-05-20T18:00');
    await hostPage.fill('#f-endsAt', '2028-05-20T20:00');
    // The script shows the instants live in the event's zone (and the host's).
    expect(await text(hostPage, '[data-zone-rows] li[data-own-zone] [data-when]')).toBe(
      '2028年5月20日(土) 18:00〜20:00(日本標準時)',
    );
    await hostPage.fill('#f-capacity', '120');
    await hostPage.check('#f-waitlist');
    await hostPage.fill('#f-joinUrl', 'https://meet.example.org/j/symposium');
    await checkPage(hostPage, 'event-new');
    const created = await click(hostPage, '[data-testid=save]');
    expect(created.status()).toBe(200);
    expect(await text(hostPage, '.org-done')).toBe('下書きを作成しました。');
    expect(await text(hostPage, '[data-testid=status]')).toBe('下書き');
    const eventId = new URL(hostPage.url()).pathname.split('/')[3];
    const [row] = await db().query(`SELECT starts_at, timezone, waitlist, capacity FROM events WHERE id = $1`, [
      eventId,
    ]);
    expect(row).toMatchObject({ timezone: 'Asia/Tokyo', waitlist: true, capacity: 120 });
    expect(row.starts_at.toISOString()).toBe('2028-05-20T09:00:00.000Z');

    // The picker: the embassy (MOC) is offered, the partner without an agreement is unavailable with the reason.
    const options = await hostPage.locator('#f-partner option').allTextContents();
    expect(options).toEqual([expect.stringContaining('デンマーク大使館')]);
    expect(await text(hostPage, `[data-partner="${stranger.slug}"]`)).toBe(
      '大阪バイオクラスター: 東京ライフサイエンスハブとの協定がありません',
    );
    await checkPage(hostPage, 'event-draft');
    await hostPage.selectOption('#f-partner', embassy.slug);
    await click(hostPage, 'button:has-text("依頼を送る")');
    expect(await text(hostPage, '.org-done')).toBe('共催の依頼を送りました。');
    // The same instants on the embassy's clock.
    const copenhagen = hostPage.locator('[data-testid=zones] li[data-zone="Europe/Copenhagen"]');
    expect(await copenhagen.textContent()).toContain('2028年5月20日(土) 11:00〜13:00(中央ヨーロッパ夏時間)');
    expect(await text(hostPage, '[data-testid=cohosts]')).toContain('回答待ち');

    // The embassy organizer signs in (English) and accepts from the dashboard.
    await signInThroughLink(embassyPage, env, embassyOrganizer.email);
    expect(new URL(embassyPage.url()).pathname).toBe('/console/events');
    expect(await embassyPage.getAttribute('html', 'lang')).toBe('en');
    const incoming = embassyPage.locator('[data-testid=incoming]');
    expect(await incoming.textContent()).toContain('Danish-Japanese Life Science Symposium');
    expect(await incoming.textContent()).toContain('Tokyo Life Science Hub invites Royal Danish Embassy to co-host.');
    // On the embassy's own clock.
    expect(await incoming.textContent()).toContain('Sat, 20 May 2028, 11:00–13:00 (Central European Summer Time)');
    await checkPage(embassyPage, 'dashboard-invited');
    await click(embassyPage, '[data-testid=incoming] button:has-text("Accept")');
    expect(await text(embassyPage, '.org-done')).toBe('You accepted the invitation.');
    expect(await text(embassyPage, '[data-testid=zones]')).toContain(
      'Sat, 20 May 2028, 11:00–13:00 (Central European Summer Time)',
    );
    await checkPage(embassyPage, 'event-cohost');

    // The host publishes; the page then gives the public link and calendar links.
    await hostPage.reload();
    expect(await text(hostPage, '[data-testid=cohosts]')).toContain('承諾済み');
    await click(hostPage, 'button:has-text("公開する")');
    expect(await text(hostPage, '.org-done')).toBe('ウェビナーを公開しました。');
    expect(await text(hostPage, '[data-testid=status]')).toBe('公開中');
    const publicLink = await hostPage.getAttribute('[data-testid=public-link]', 'href');
    expect(await hostPage.getAttribute('a:has-text("Google カレンダー")', 'href')).toMatch(
      /^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&text=/,
    );
    await checkPage(hostPage, 'event-published');

    const publicPage = await hostContext.newPage();
    const res = await publicPage.goto(new URL(publicLink!).pathname);
    expect(res!.status()).toBe(200);
    expect(await text(publicPage, 'h1')).toBe('日デンマーク・ライフサイエンス・シンポジウム');
    expect(await text(publicPage, '.card__meta')).toContain('デンマーク大使館');
    await publicPage.goto('/');
    expect(await publicPage.locator(`a[href^="/events/"]:has-text("日デンマーク")`).count()).toBe(1);
    await publicPage.close();
  });

  /** A browser context signed in as `organizer` without the email round trip (these tests are not about signing in). */
  async function signedIn(
    organizer: TestOrganizer,
    options: { locale: string; timezoneId: string; javaScriptEnabled?: boolean },
  ) {
    const context = await browser.newContext({
      baseURL: env.base,
      locale: options.locale,
      timezoneId: options.timezoneId,
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    const session = await consoleSessionCookie(env.api, {
      email: organizer.email,
      role: 'organizer',
      organizerId: organizer.id,
    });
    await addSessionCookie(context, env.base, session);
    return { context, page: await context.newPage() };
  }

  async function register(eventId: string, count: number) {
    for (let i = 0; i < count; i++) {
      await env.api.http
        .post(`/api/v1/events/${eventId}/registrations`)
        .send({
          email: `${unique('reg')}@example.org`,
          name: 'Registrant',
          organization: 'Org',
          locale: 'en',
          timezone: 'Europe/Copenhagen',
          consent: { shareWithCohosts: false },
        })
        .expect(201);
    }
  }

  it('an edit that emails registrants says how many first; cancelling asks with the count too (English)', async () => {
    const event = await createEvent(env.api, hostOrganizer, { capacity: 30 });
    await publishEvent(env.api, hostOrganizer, event.id);
    await register(event.id, 2);
    const { context, page } = await signedIn(hostOrganizer, { locale: 'en-GB', timezoneId: 'Europe/Copenhagen' });
    try {
      await page.goto(`/console/events/${event.id}/edit`);
      expect(await text(page, 'h1')).toBe('Edit: Life Science Symposium');
      const start = await page.inputValue('#f-startsAt');
      const later = hourLater(start);
      const end = await page.inputValue('#f-endsAt');
      const laterEnd = hourLater(end);
      // A bad value first: the form comes back with the values and the message at the field.
      await page.fill('#f-joinUrl', 'http://meet.example.org/j/123456');
      await page.fill('#f-startsAt', later);
      await page.fill('#f-endsAt', laterEnd);
      const refused = await click(page, '[data-testid=save]');
      expect(refused.status()).toBe(400);
      expect(await text(page, '#f-joinUrl-error')).toBe('Enter a link starting with https://.');
      expect(await page.inputValue('#f-startsAt')).toBe(later);
      expect(await page.getAttribute('#f-joinUrl', 'aria-invalid')).toBe('true');
      await checkPage(page, 'event-edit-invalid');

      await page.fill('#f-joinUrl', 'https://meet.example.org/j/123456');
      const notice = await click(page, '[data-testid=save]');
      expect(notice.status()).toBe(200);
      expect(await text(page, '[data-testid=notified]')).toBe(
        'Saving will email an update to 2 confirmed registrants, because the start and end changed.',
      );
      await checkPage(page, 'event-edit-notice');
      const [before] = await db().query(`SELECT sequence FROM events WHERE id = $1`, [event.id]);
      expect(before.sequence).toBe(0);
      await click(page, 'button:has-text("Save and notify 2 people")');
      expect(await text(page, '.org-done')).toBe('Your changes were saved.');
      const [after] = await db().query(`SELECT sequence FROM events WHERE id = $1`, [event.id]);
      expect(after.sequence).toBe(1);

      await click(page, 'a:has-text("Cancel the webinar…")');
      expect(await text(page, '[data-testid=notified]')).toBe(
        '2 confirmed registrants will be emailed that the webinar is cancelled, with a calendar cancellation.',
      );
      await checkPage(page, 'event-cancel');
      await page.fill('#f-reason', 'The speaker fell ill.');
      await click(page, 'button:has-text("Cancel the webinar and notify 2 people")');
      expect(await text(page, '[data-testid=status]')).toBe('Cancelled');
      expect(await page.locator('a:has-text("Edit")').count()).toBe(0);
      const [{ n }] = await db().query(
        `SELECT count(*)::int AS n FROM notifications WHERE event_id = $1 AND kind = 'event.cancelled'`,
        [event.id],
      );
      expect(n).toBe(2);
    } finally {
      await context.close();
    }
  });

  it('without JavaScript, "show these times" renders the times in each partner zone on the server', async () => {
    const event = await createEvent(env.api, hostOrganizer);
    await inviteCohost(env.api, hostOrganizer, event.id, embassy);
    const { context, page } = await signedIn(hostOrganizer, {
      locale: 'en-GB',
      timezoneId: 'Asia/Tokyo',
      javaScriptEnabled: false,
    });
    try {
      await page.goto(`/console/events/${event.id}/edit?lang=en`);
      await page.fill('#f-startsAt', '2028-11-02T09:30');
      await page.fill('#f-endsAt', '2028-11-02T11:00');
      const preview = await click(page, 'button:has-text("Show these times in each zone")');
      expect(preview.status()).toBe(200);
      expect(await text(page, '[data-zone-rows] li[data-zone="Europe/Copenhagen"]')).toContain(
        'Thu, 2 November 2028, 01:30–03:00 (Central European Standard Time)',
      );
      expect(await page.inputValue('#f-startsAt')).toBe('2028-11-02T09:30');
      const [row] = await db().query(`SELECT starts_at FROM events WHERE id = $1`, [event.id]);
      expect(row.starts_at.toISOString()).toBe(event.startsAt); // a preview saves nothing
    } finally {
      await context.close();
    }
  });

  it('works with the keyboard alone: invite from the picker, edit a title, publish', async () => {
    const event = await createEvent(env.api, hostOrganizer, { title: { en: 'Keyboard webinar' } });
    const { context, page } = await signedIn(hostOrganizer, { locale: 'en-GB', timezoneId: 'Europe/Copenhagen' });
    const focused = () =>
      page.evaluate(
        'document.activeElement && (document.activeElement.id || document.activeElement.textContent.trim())',
      );
    async function tabTo(target: string, limit = 60) {
      for (let i = 0; i < limit; i++) {
        if ((await focused()) === target) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${target} (last: ${String(await focused())})`);
    }
    try {
      await page.goto(`/console/events/${event.id}?lang=en`);
      await tabTo('f-partner');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('Send the invitation');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await text(page, '.org-done')).toBe('The invitation was sent.');

      await tabTo('Edit');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await tabTo('f-titleEn');
      await page.keyboard.press('End');
      await page.keyboard.type(' (keyboard)');
      // The fields in reading order: each language side by side, then time, registration, access.
      // (Tab also steps through the parts of a date-time field: one entry per field.)
      const order: string[] = [];
      while (order.length < 6) {
        await page.keyboard.press('Tab');
        const id = String(await focused());
        if (order[order.length - 1] !== id) order.push(id);
      }
      expect(order).toEqual([
        'f-titleJa',
        'f-descriptionEn',
        'f-descriptionJa',
        'f-timezone',
        'f-startsAt',
        'f-endsAt',
      ]);
      await tabTo('Save');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await text(page, 'h1')).toBe('Keyboard webinar (keyboard)');

      await tabTo('Publish');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await text(page, '[data-testid=status]')).toBe('Published');
    } finally {
      await context.close();
    }
  });

  it("an organizer of another partner gets the 403 page for a published webinar's console pages", async () => {
    const event = await createEvent(env.api, hostOrganizer);
    await publishEvent(env.api, hostOrganizer, event.id);
    const other = await createOrganizer(env.api, stranger);
    const { context, page } = await signedIn(other, { locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    try {
      for (const path of ['', '/edit', '/cancel']) {
        const res = await page.goto(`/console/events/${event.id}${path}`);
        expect([path, res!.status()]).toEqual([path, 403]);
      }
      expect(await page.locator('form[action*="/publish"]').count()).toBe(0);
      await checkPage(page, 'event-forbidden');
    } finally {
      await context.close();
    }
  });
});
