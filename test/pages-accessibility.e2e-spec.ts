import { mintCancelToken, mintJoinToken } from '@cohost/database';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ApiHarness, startApi } from './support/api-harness';
import { headingSkips, seriousViolations } from './support/axe';
import { launchBrowser, listen, newContext } from './support/browser';
import { createCohostedEvent, sql } from './support/events';

const LOCALES = [
  { lang: 'ja', locale: 'ja-JP', timezoneId: 'Asia/Tokyo' },
  { lang: 'en', locale: 'en-GB', timezoneId: 'Europe/Copenhagen' },
] as const;

/**
 * The public pages as assistive technology meets them: axe-core on every
 * page in both languages, the heading outline, the focus after a failed
 * submit, the favicon, and the time-zone list a browser can match.
 */
describe('public pages: accessibility in a browser', () => {
  let api: ApiHarness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    api = await startApi({
      RATE_LIMIT_REGISTER_PER_MIN: '1000',
      RATE_LIMIT_CANCEL_PER_MIN: '1000',
      RATE_LIMIT_CANCEL_PAGE_PER_MIN: '1000',
    });
    base = await listen(api);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function submit(target: Page, selector = 'form button[type=submit]') {
    const [response] = await Promise.all([target.waitForNavigation(), target.click(selector)]);
    return response!;
  }

  async function audit(page: Page, name: string): Promise<string[]> {
    const problems = (await seriousViolations(page)).map(
      (v) => `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`,
    );
    return [...problems, ...(await headingSkips(page)).map((skip) => `${name}: heading skip ${skip}`)];
  }

  it.each(LOCALES)(
    'has no serious or critical axe violations and no heading skips on any page ($lang)',
    async ({ lang, locale, timezoneId }) => {
      const { event, cohost } = await createCohostedEvent(api, { event: { capacity: 1, waitlist: true } });
      const context: BrowserContext = await newContext(browser, base, { locale, timezoneId });
      const problems: string[] = [];
      try {
        const page = await context.newPage();
        await page.goto(`/?lang=${lang}`);
        expect(await page.locator(`a[href="/events/${event.slug}"]`).count()).toBe(1);
        problems.push(...(await audit(page, 'index')));
        await page.goto(`/partners/${cohost.slug}`);
        expect(await page.locator(`a[href="/events/${event.slug}"]`).count()).toBe(1);
        problems.push(...(await audit(page, 'partner')));

        await page.goto(`/events/${event.slug}`);
        problems.push(...(await audit(page, 'event')));
        await page.fill('#f-name', 'Axe Tester');
        await page.fill('#f-email', 'not an email');
        expect((await submit(page)).status()).toBe(400);
        problems.push(...(await audit(page, 'event with errors')));

        await page.fill('#f-email', `axe.${lang}.${Date.now()}@example.org`);
        await page.fill('#f-organization', 'Axe Org');
        expect((await submit(page)).status()).toBe(201);
        problems.push(...(await audit(page, 'result confirmed')));

        await page.goto(`/events/${event.slug}`);
        await page.fill('#f-name', 'Second');
        await page.fill('#f-email', `axe2.${lang}.${Date.now()}@example.org`);
        await page.fill('#f-organization', 'Axe Org');
        expect((await submit(page)).status()).toBe(201);
        expect(await page.locator('[data-testid=waitlist-position]').count()).toBe(1);
        problems.push(...(await audit(page, 'result waitlisted')));

        const [row] = await sql<{ id: string }>(
          api,
          "SELECT id FROM registrations WHERE name = 'Axe Tester' AND event_id = $1",
          [event.id],
        );
        // The personal join link before the window: the invitation and the .ics first, the web-calendar copy
        // under its own heading (h2, then h3: no skip).
        const joinToken = await mintJoinToken(api.app.get(DataSource).manager, row.id);
        await page.goto(`/j/${joinToken}`);
        expect(await page.locator('[data-testid=calendar] > p > a[download]').count()).toBe(1);
        expect(await page.locator('[data-testid=calendar-copy] h3').count()).toBe(1);
        problems.push(...(await audit(page, 'join before the window')));

        const token = await mintCancelToken(api.app.get(DataSource).manager, row.id);
        await page.goto(`/cancel?token=${token}`);
        problems.push(...(await audit(page, 'cancel ask')));
        expect((await submit(page, 'form[action="/cancel"] button[type=submit]')).status()).toBe(200);
        problems.push(...(await audit(page, 'cancel done')));
        await page.goto(`/cancel?token=${token}`);
        problems.push(...(await audit(page, 'cancel invalid')));
        await page.goto('/events/no-such-webinar');
        problems.push(...(await audit(page, 'not found')));
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    },
  );

  it('focuses the error summary after a failed submit, so screen readers read it first', async () => {
    const { event } = await createCohostedEvent(api);
    const context = await newContext(browser, base, { locale: 'en-GB', timezoneId: 'Europe/Copenhagen' });
    try {
      const page = await context.newPage();
      await page.goto(`/events/${event.slug}`);
      expect(await page.evaluate('document.activeElement === document.body')).toBe(true);
      await page.fill('#f-name', 'Focus Tester');
      await page.fill('#f-email', 'broken@');
      expect((await submit(page)).status()).toBe(400);
      await page.waitForFunction('document.activeElement && document.activeElement.id === "form-error"');
      expect(await page.evaluate('document.activeElement.getAttribute("role")')).toBe('alert');
      expect(await page.evaluate('document.activeElement.textContent')).toContain('Enter a valid email address');
      // The summary links to the field, and following it focuses the field.
      await page.click('#form-error a[href="#f-email"]');
      expect(await page.evaluate('document.activeElement.id')).toBe('f-email');
    } finally {
      await context.close();
    }
  });

  it('serves a favicon with caching headers, linked from every page', async () => {
    const icon = await api.http.get('/favicon.ico').expect(200);
    expect(icon.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect(icon.headers['cache-control']).toMatch(/max-age=\d{4,}/);
    const bytes = icon.body as Buffer;
    // An ICO header: reserved 0, type 1 (icon), at least one image.
    expect(bytes.readUInt16LE(0)).toBe(0);
    expect(bytes.readUInt16LE(2)).toBe(1);
    expect(bytes.readUInt16LE(4)).toBeGreaterThanOrEqual(1);
    const svg = await api.http.get('/assets/favicon.svg').expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);

    const context = await newContext(browser, base);
    try {
      const page = await context.newPage();
      const missing: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) missing.push(response.url());
      });
      await page.goto('/');
      expect(await page.getAttribute('link[rel="icon"][type="image/svg+xml"]', 'href')).toBe('/assets/favicon.svg');
      expect(await page.getAttribute('link[rel="icon"][sizes="any"]', 'href')).toBe('/favicon.ico');
      expect(missing).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers current zone names, pre-selects the one the browser reports and stores it', async () => {
    const { event } = await createCohostedEvent(api);
    const context = await newContext(browser, base, { locale: 'en-IN', timezoneId: 'Asia/Kolkata' });
    try {
      const page = await context.newPage();
      await page.goto(`/events/${event.slug}`);
      const zones = await page.$$eval('#f-timezone option', (options) => options.map((o) => o.textContent));
      expect(zones).toEqual(expect.arrayContaining(['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'Asia/Tokyo']));
      for (const old of ['Asia/Calcutta', 'Europe/Kiev', 'Asia/Saigon']) expect(zones).not.toContain(old);
      expect(await page.inputValue('#f-timezone')).toBe('Asia/Kolkata');
      await page.fill('#f-name', 'Kolkata Person');
      await page.fill('#f-email', `kolkata.${Date.now()}@example.in`);
      await page.fill('#f-organization', 'Org');
      expect((await submit(page)).status()).toBe(201);
      const [row] = await sql(api, "SELECT timezone FROM registrations WHERE name = 'Kolkata Person'");
      expect(row).toEqual({ timezone: 'Asia/Kolkata' });
      // The zone's name is shown for the canonical id too.
      expect(await page.textContent('main time')).toMatch(/India Standard Time/);
    } finally {
      await context.close();
    }
  });
});
