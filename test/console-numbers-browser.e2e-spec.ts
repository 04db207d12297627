import { Browser, Page } from 'playwright-core';
import { ApiHarness, startApi } from './support/api-harness';
import { headingSkips, seriousViolations } from './support/axe';
import { launchBrowser, listen, newContext, screenshots } from './support/browser';
import { addSessionCookie, consoleSessionCookie } from './support/console';
import { createCohostedEvent, createEvent, sql } from './support/events';
import { TestOrganizer } from './support/factories';
import { memberOrganizations, seedRegistrations } from './support/numbers';

/**
 * The numbers on the console's event page and dashboard in Chromium, in
 * Japanese (host) and English (co-host): what each chart draws equals its
 * table and the database, the tables open from the keyboard, the charts
 * fit a 360 px screen (no horizontal scroll), no serious or critical axe
 * violation, no skipped heading level.
 */
describe('console numbers in a browser', () => {
  let api: ApiHarness;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApi();
    base = await listen(api);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function checkPage(page: Page, name: string) {
    // Open every table first, so the audit and the screenshots include them.
    await page.evaluate(`document.querySelectorAll('.org-chart details').forEach((d) => { d.open = true; })`);
    const { scrollWidth360 } = await screenshots(page, `console-numbers-${name}`);
    expect([name, scrollWidth360 <= 360]).toEqual([name, true]);
    expect([name, await seriousViolations(page)]).toEqual([name, []]);
    expect([name, await headingSkips(page)]).toEqual([name, []]);
  }

  /** Per chart: what its SVG draws (data attributes) and what its table says, by row key. */
  async function drawnAndTabled(page: Page) {
    return (await page.evaluate(`[...document.querySelectorAll('figure[data-chart]')].map((f) => ({
      id: f.dataset.chart,
      svgWidth: f.querySelector('svg').getBoundingClientRect().width,
      figureWidth: f.getBoundingClientRect().width,
      bars: Object.fromEntries([...f.querySelectorAll('g.chart-bar')].map((g) => [g.dataset.key, Number(g.dataset.value)])),
      days: [...f.querySelectorAll('g.chart-day')].map((g) => ({ day: g.dataset.day, confirmed: Number(g.dataset.confirmed), waitlisted: Number(g.dataset.waitlisted) })),
      rows: Object.fromEntries([...f.querySelectorAll('tbody tr')].map((tr) => [tr.dataset.key,
        Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.col, Number(td.textContent.replace(/,/g, ''))]))])),
    }))`)) as Array<{
      id: string;
      svgWidth: number;
      figureWidth: number;
      bars: Record<string, number>;
      days: Array<{ day: string; confirmed: number; waitlisted: number }>;
      rows: Record<string, Record<string, number>>;
    }>;
  }

  async function open(who: TestOrganizer, locale: string, path: string, width = 1280): Promise<Page> {
    const context = await newContext(browser, base, { locale, timezoneId: 'Asia/Tokyo', width });
    await addSessionCookie(
      context,
      base,
      await consoleSessionCookie(api, { email: who.email, role: 'organizer', organizerId: who.id }),
    );
    const page = await context.newPage();
    const response = await page.goto(`${base}${path}`);
    expect(response!.status()).toBe(200);
    return page;
  }

  it('draws the numbers of the database, accessibly, in ja and en at 360 px', async () => {
    const { event, host, cohost, hostOrganizer, cohostOrganizer } = await createCohostedEvent(api, {});
    const now = new Date();
    await sql(api, `UPDATE events SET published_at = $2, audience = 'members' WHERE id = $1`, [
      event.id,
      new Date(now.getTime() - 11 * 86_400_000),
    ]);
    const members = await memberOrganizations(api, 12);
    await seedRegistrations(api, event.id, 300, now, [host.id, cohost.id, null], [...members, null]);
    const [totals] = await sql<{ confirmed: number; waitlisted: number }>(
      api,
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
         FROM registrations WHERE event_id = $1`,
      [event.id],
    );

    for (const [who, locale, lang] of [
      [hostOrganizer, 'ja-JP', 'ja'],
      [cohostOrganizer, 'en-GB', 'en'],
    ] as const) {
      const page = await open(who, locale, `/console/events/${event.id}`, 360);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);

      // Keyboard: the first table opens from its summary with Enter.
      const summary = page.locator('.org-chart summary').first();
      await summary.focus();
      await page.keyboard.press('Enter');
      expect(await page.locator('.org-chart details').first().getAttribute('open')).not.toBeNull();

      const charts = await drawnAndTabled(page);
      expect(charts.map((c) => c.id)).toEqual([
        'numbers-daily',
        'numbers-via',
        'numbers-locale',
        'numbers-timezone',
        'numbers-member',
      ]);
      for (const c of charts) {
        // The picture scales into the column (viewBox), never wider than the page.
        expect([c.id, c.svgWidth <= c.figureWidth + 0.5, c.svgWidth <= 360]).toEqual([c.id, true, true]);
        if (c.id === 'numbers-daily') {
          expect(c.days.map((d) => [d.day, d.confirmed, d.waitlisted])).toEqual(
            c.days.map((d) => [d.day, c.rows[d.day].confirmed, c.rows[d.day].waitlisted]),
          );
          expect(c.days.reduce((s, d) => s + d.confirmed, 0)).toBe(totals.confirmed);
          expect(c.days.reduce((s, d) => s + d.waitlisted, 0)).toBe(totals.waitlisted);
          continue;
        }
        const rows = Object.entries(c.rows);
        const drawn = Object.fromEntries(rows.slice(0, 10).map(([k, v]) => [k, v.total]));
        if (rows.length > 10) drawn['(others)'] = rows.slice(10).reduce((s, [, v]) => s + v.total, 0);
        expect([c.id, c.bars]).toEqual([c.id, drawn]);
        if (c.id !== 'numbers-member')
          expect([c.id, rows.reduce((s, [, v]) => s + v.total, 0)]).toEqual([
            c.id,
            totals.confirmed + totals.waitlisted,
          ]);
      }
      await checkPage(page, `${lang}-event`);
      await page.context().close();
    }
  });

  it('shows the attendance chart of a past webinar and the dashboard totals, accessibly, at 360 px', async () => {
    const { hostOrganizer } = await createCohostedEvent(api, {});
    const now = new Date();
    const past = await createEvent(api, hostOrganizer, { title: { en: 'Past webinar', ja: '過去のウェビナー' } });
    await sql(
      api,
      `UPDATE events SET status = 'published', published_at = $2, starts_at = $3, ends_at = $4 WHERE id = $1`,
      [
        past.id,
        new Date(now.getTime() - 12 * 86_400_000),
        new Date(now.getTime() - 2 * 3_600_000),
        new Date(now.getTime() - 3_600_000),
      ],
    );
    await seedRegistrations(api, past.id, 80, now, [null], [null]);
    const [a] = await sql<{ confirmed: number; attended: number }>(
      api,
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE status = 'confirmed' AND attended)::int AS attended
         FROM registrations WHERE event_id = $1`,
      [past.id],
    );
    for (const [locale, lang] of [
      ['ja-JP', 'ja'],
      ['en-GB', 'en'],
    ] as const) {
      const page = await open(hostOrganizer, locale, `/console/events/${past.id}`);
      const attendance = (await drawnAndTabled(page)).find((c) => c.id === 'numbers-attendance')!;
      expect(attendance.bars).toEqual({ attended: a.attended, absent: a.confirmed - a.attended });
      expect(attendance.rows).toEqual({ attended: { count: a.attended }, absent: { count: a.confirmed - a.attended } });
      await checkPage(page, `${lang}-past`);

      await page.goto(`${base}/console/events`);
      const dd = page.locator(`li:has(a[href="/console/events/${past.id}"]) [data-testid="totals"]`);
      expect(await dd.getAttribute('data-attended')).toBe(String(a.attended));
      expect(await dd.textContent()).toContain(
        lang === 'ja' ? `${a.confirmed} 名中 ${a.attended} 名` : `${a.attended} of ${a.confirmed}`,
      );
      await checkPage(page, `${lang}-dashboard`);
      await page.context().close();
    }
  });
});
