import { unique } from '@cohost/testing';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { consoleTranslator } from '../apps/api/src/console/i18n';
import { click, expectUsablePage, launchBrowser, newContext } from './support/browser';
import {
  addSessionCookie,
  ConsoleEnv,
  consoleSessionCookie,
  dropCsrfField,
  postHandMadeForm,
  signInThroughLink,
  startConsoleEnv,
} from './support/console';
import { createEvent, inviteCohost, publishEvent } from './support/events';
import { createAgreement, createOrganizer, createPartner, TestOrganizer, TestPartner } from './support/factories';

/**
 * The organizer pages in Debian's Chromium, the story of issue 12 in each
 * language (ja-JP, then en-GB, every page of it in that language): the host
 * organizer signs in through the emailed link, creates a webinar in Tokyo
 * time, sees the Copenhagen times, invites the embassy (a partner without an
 * agreement is shown unavailable with its reason), the embassy organizer
 * accepts, the host publishes (a publish form without its CSRF field first
 * gets the 403 page) and the webinar is on the public page; an organizer of
 * a third partner posting a hand-made cancel or edit form to it gets the 403
 * page and nothing changes. Each page: screenshots at 360 and 1280 px, no
 * horizontal scroll at 360 px, no serious or critical axe violation. One
 * browser for every test.
 */
// Chromium on a shared two-core machine: a page with its screenshots and audit takes seconds.
jest.setTimeout(90_000);

/** A `datetime-local` value one hour later on the same wall clock (past midnight onto the next day). */
function hourLater(local: string): string {
  return new Date(Date.parse(`${local}Z`) + 3_600_000).toISOString().slice(0, 16);
}

/** What the story reads on the pages, per language (the console's own texts come from its dictionary). */
const STORY_LOCALES = [
  {
    locale: 'ja-JP',
    lang: 'ja',
    title: '日デンマーク・ライフサイエンス・シンポジウム',
    tokyo: '2028年5月20日(土) 18:00〜20:00(日本標準時)',
    copenhagen: '2028年5月20日(土) 11:00〜13:00(中央ヨーロッパ夏時間)',
    forbidden: '権限がありません',
  },
  {
    locale: 'en-GB',
    lang: 'en',
    title: 'Danish-Japanese Life Science Symposium',
    tokyo: 'Sat, 20 May 2028, 18:00–20:00 (Japan Standard Time)',
    copenhagen: 'Sat, 20 May 2028, 11:00–13:00 (Central European Summer Time)',
    forbidden: 'Not allowed',
  },
] as const;

describe('console organizer pages in a browser', () => {
  let env: ConsoleEnv;
  let browser: Browser;
  let host: TestPartner;
  let embassy: TestPartner;
  let stranger: TestPartner;
  let hostOrganizer: TestOrganizer;
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
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** Screenshots at 360 and 1280 px, no horizontal scroll at 360 px, no serious/critical axe violation. */
  const checkPage = (page: Page, name: string) => expectUsablePage(page, `console-org-${name}`);

  const text = async (page: Page, selector: string) => (await page.textContent(selector)) ?? '';

  describe.each(STORY_LOCALES)('the story in $locale', (story) => {
    const t = consoleTranslator(story.lang);
    /** Screenshots at 360 and 1280 px, no horizontal scroll at 360 px, no serious/critical axe violation. */
    const checkStoryPage = (page: Page, name: string) => expectUsablePage(page, `console-org-${story.lang}-${name}`);
    // Partners of this run only (names told apart from the other run's: the picker and the lists show them all).
    const tag = story.lang.toUpperCase();
    const names = {
      host: { en: `Tokyo Life Science Hub ${tag}`, ja: `東京ライフサイエンスハブ ${tag}` },
      embassy: { en: `Royal Danish Embassy ${tag}`, ja: `デンマーク大使館 ${tag}` },
      stranger: { en: `Osaka Bio Cluster ${tag}`, ja: `大阪バイオクラスター ${tag}` },
    };
    const nameOf = (partner: keyof typeof names) => names[partner][story.lang];
    let runHost: TestPartner;
    let runEmbassy: TestPartner;
    let runStranger: TestPartner;
    let runHostOrganizer: TestOrganizer;
    let runEmbassyOrganizer: TestOrganizer;
    let runStrangerOrganizer: TestOrganizer;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      const api = env.api;
      runHost = await createPartner(api, { name: names.host });
      runEmbassy = await createPartner(api, {
        name: names.embassy,
        country: 'DK',
        timezone: 'Europe/Copenhagen',
      });
      runStranger = await createPartner(api, { name: names.stranger });
      await createAgreement(api, runHost, runEmbassy);
      runHostOrganizer = await createOrganizer(api, runHost, `${unique('hanako')}@hub.example`);
      runEmbassyOrganizer = await createOrganizer(api, runEmbassy, `${unique('mette')}@um.example`);
      runStrangerOrganizer = await createOrganizer(api, runStranger, `${unique('kenji')}@osaka.example`);
    });
    afterAll(async () => {
      for (const context of contexts) await context.close();
    });

    async function open(timezoneId: string): Promise<Page> {
      const context = await newContext(browser, env.base, { locale: story.locale, timezoneId });
      contexts.push(context);
      return context.newPage();
    }

    it('host creates in Tokyo time, sees Copenhagen times, invites the embassy; the embassy accepts; the host publishes', async () => {
      const hostPage = await open('Asia/Tokyo');
      const embassyPage = await open('Europe/Copenhagen');
      // The host organizer signs in through the emailed link and lands on the dashboard.
      await signInThroughLink(hostPage, env, runHostOrganizer.email);
      expect(new URL(hostPage.url()).pathname).toBe('/console/events');
      expect(await hostPage.getAttribute('html', 'lang')).toBe(story.lang);
      expect(await text(hostPage, 'h1')).toBe(t('org.dash.title', { partner: nameOf('host') }));
      await checkStoryPage(hostPage, 'dashboard-empty');

      await click(hostPage, `a:has-text("${t('org.dash.new')}")`);
      expect(await text(hostPage, 'h1')).toBe(t('org.form.newTitle'));
      expect(await hostPage.inputValue('#f-timezone')).toBe('Asia/Tokyo');
      await hostPage.fill('#f-titleEn', 'Danish-Japanese Life Science Symposium');
      await hostPage.fill('#f-titleJa', '日デンマーク・ライフサイエンス・シンポジウム');
      await hostPage.fill('#f-descriptionEn', 'Talks and a panel on cell therapy.');
      await hostPage.fill('#f-descriptionJa', '細胞治療に関する講演とパネル討論。');
      await hostPage.fill('#f-startsAt', '2028-05-20T18:00');
      await hostPage.fill('#f-endsAt', '2028-05-20T20:00');
      // The script shows the instants live in the event's zone (and the host's).
      expect(await text(hostPage, '[data-zone-rows] li[data-own-zone] [data-when]')).toBe(story.tokyo);
      await hostPage.fill('#f-capacity', '120');
      await hostPage.check('#f-waitlist');
      await hostPage.check('#f-audience-members');
      await hostPage.fill('#f-seatsPerOrganization', '4');
      await hostPage.fill('#f-joinUrl', 'https://meet.example.org/j/symposium');
      await hostPage.fill('#f-joinWindowMinutes', '30');
      await checkStoryPage(hostPage, 'event-new');
      const created = await click(hostPage, '[data-testid=save]');
      expect(created.status()).toBe(200);
      expect(await text(hostPage, '.org-done')).toBe(t('org.done.created'));
      expect(await text(hostPage, '[data-testid=status]')).toBe(t('org.status.draft'));
      const eventId = new URL(hostPage.url()).pathname.split('/')[3];
      const [row] = await db().query(
        `SELECT starts_at, timezone, waitlist, capacity, audience, seats_per_organization, join_window_minutes
           FROM events WHERE id = $1`,
        [eventId],
      );
      expect(row).toMatchObject({
        timezone: 'Asia/Tokyo',
        waitlist: true,
        capacity: 120,
        audience: 'members',
        seats_per_organization: 4,
        join_window_minutes: 30,
      });
      expect(row.starts_at.toISOString()).toBe('2028-05-20T09:00:00.000Z');
      expect(await text(hostPage, '[data-testid=join-window]')).toBe(t('org.event.joinWindowValue', { n: 30 }));

      // The picker: the embassy (MOC) is offered, the partner without an agreement is unavailable with the reason.
      const options = await hostPage.locator('#f-partner option').allTextContents();
      expect(options).toEqual([expect.stringContaining(nameOf('embassy'))]);
      expect(await text(hostPage, `[data-partner="${runStranger.slug}"]`)).toBe(
        `${nameOf('stranger')}: ${t('org.reason.no_agreement', { host: nameOf('host') })}`,
      );
      await checkStoryPage(hostPage, 'event-draft');
      await hostPage.selectOption('#f-partner', runEmbassy.slug);
      await click(hostPage, `button:has-text("${t('org.cohost.send')}")`);
      expect(await text(hostPage, '.org-done')).toBe(t('org.done.invited'));
      // The same instants on the embassy's clock.
      const copenhagen = hostPage.locator('[data-testid=zones] li[data-zone="Europe/Copenhagen"]');
      expect(await copenhagen.textContent()).toContain(story.copenhagen);
      expect(await text(hostPage, '[data-testid=cohosts]')).toContain(t('org.cohostStatus.pending'));

      // The embassy organizer signs in and accepts from the dashboard.
      await signInThroughLink(embassyPage, env, runEmbassyOrganizer.email);
      expect(new URL(embassyPage.url()).pathname).toBe('/console/events');
      expect(await embassyPage.getAttribute('html', 'lang')).toBe(story.lang);
      const incoming = embassyPage.locator('[data-testid=incoming]');
      expect(await incoming.textContent()).toContain(story.title);
      expect(await incoming.textContent()).toContain(
        t('org.dash.invitedBy', { host: nameOf('host'), partner: nameOf('embassy') }),
      );
      // On the embassy's own clock.
      expect(await incoming.textContent()).toContain(story.copenhagen);
      await checkStoryPage(embassyPage, 'dashboard-invited');
      await click(embassyPage, `[data-testid=incoming] button:has-text("${t('org.cohost.accept')}")`);
      expect(await text(embassyPage, '.org-done')).toBe(t('org.done.accepted'));
      expect(await text(embassyPage, '[data-testid=zones]')).toContain(story.copenhagen);
      await checkStoryPage(embassyPage, 'event-cohost');

      // The host publishes: first a publish form stripped of its CSRF field (the 403 page, still a draft).
      await hostPage.reload();
      expect(await text(hostPage, '[data-testid=cohosts]')).toContain(t('org.cohostStatus.accepted'));
      await dropCsrfField(hostPage, 'form[action$="/publish"]');
      const noCsrf = await click(hostPage, `button:has-text("${t('org.event.publish')}")`);
      expect(noCsrf.status()).toBe(403);
      expect(await text(hostPage, 'h1')).toBe(story.forbidden);
      expect(await text(hostPage, 'main')).toContain(t('error.CSRF'));
      await checkStoryPage(hostPage, 'csrf-refused');
      const [draft] = await db().query(`SELECT status FROM events WHERE id = $1`, [eventId]);
      expect(draft.status).toBe('draft');

      // Then with its token; the page then gives the public link and calendar links.
      await hostPage.goto(`/console/events/${eventId}`);
      await click(hostPage, `button:has-text("${t('org.event.publish')}")`);
      expect(await text(hostPage, '.org-done')).toBe(t('org.done.published'));
      expect(await text(hostPage, '[data-testid=status]')).toBe(t('org.status.published'));
      const publicLink = await hostPage.getAttribute('[data-testid=public-link]', 'href');
      expect(await hostPage.getAttribute(`a:has-text("${t('org.event.google')}")`, 'href')).toMatch(
        /^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&text=/,
      );
      await checkStoryPage(hostPage, 'event-published');

      const publicPage = await hostPage.context().newPage();
      const publicPath = new URL(publicLink!).pathname;
      const res = await publicPage.goto(publicPath);
      expect(res!.status()).toBe(200);
      expect(await text(publicPage, 'h1')).toBe(story.title);
      expect(await text(publicPage, '.card__meta')).toContain(nameOf('embassy'));
      await publicPage.goto('/');
      expect(await publicPage.locator(`a[href="${publicPath}"]:has-text("${story.title}")`).count()).toBe(1);
      await publicPage.close();

      // An organizer of a third partner posts hand-made forms to this webinar (with its own valid CSRF token):
      // the 403 page, and nothing changes.
      const strangerPage = await open('Asia/Tokyo');
      await addSessionCookie(
        strangerPage.context(),
        env.base,
        await consoleSessionCookie(env.api, {
          email: runStrangerOrganizer.email,
          role: 'organizer',
          organizerId: runStrangerOrganizer.id,
        }),
      );
      await strangerPage.goto('/console/events');
      expect(await text(strangerPage, 'h1')).toBe(t('org.dash.title', { partner: nameOf('stranger') }));
      const posts: Array<[string, Record<string, string>]> = [
        [`/console/events/${eventId}/cancel`, { reason: 'Not yours to cancel' }],
        [`/console/events/${eventId}`, { titleEn: 'Taken over', intent: 'save' }],
        [`/console/events/${eventId}/cohosts`, { partner: runStranger.slug }],
      ];
      for (const [action, fields] of posts) {
        const response = await postHandMadeForm(strangerPage, action, fields);
        expect([action, response.status()]).toEqual([action, 403]);
        expect(await text(strangerPage, 'h1')).toBe(story.forbidden);
        await strangerPage.goto('/console/events');
      }
      await strangerPage.goto(`/console/events/${eventId}`);
      await checkStoryPage(strangerPage, 'cross-partner-refused');
      const [after] = await db().query(
        `SELECT e.status, e.title_en, e.sequence, count(c.*)::int AS cohosts
           FROM events e LEFT JOIN event_cohosts c ON c.event_id = e.id WHERE e.id = $1 GROUP BY e.id`,
        [eventId],
      );
      expect(after).toEqual({
        status: 'published',
        title_en: 'Danish-Japanese Life Science Symposium',
        sequence: 0,
        cohosts: 1,
      });
    }, 240_000);
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
        '2 registrants (2 confirmed, 0 on the waitlist) will be emailed that the webinar is cancelled: the confirmed with a calendar cancellation, the waitlisted with a plain email that closes their place on the waitlist.',
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
