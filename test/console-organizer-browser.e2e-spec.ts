import { unique } from '@cohost/testing';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { launchBrowser, newContext, screenshots } from './support/browser';
import { ConsoleEnv, signInThroughLink, startConsoleEnv } from './support/console';
import { seriousViolations } from './support/console-org-axe';
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
  async function checkPage(page: Page, name: string) {
    const { scrollWidth360 } = await screenshots(page, `console-org-${name}`);
    expect([name, scrollWidth360 <= 360]).toEqual([name, true]);
    expect([name, await seriousViolations(page)]).toEqual([name, []]);
  }

  async function click(page: Page, selector: string) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response!;
  }

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
});
