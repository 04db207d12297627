import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { registerThroughApi, settled } from './support/acceptance';
import { click, expectUsablePage, launchBrowser, newContext } from './support/browser';
import { addSessionCookie, ConsoleEnv, consoleSessionCookie, startConsoleEnv } from './support/console';
import { createCohostedEvent } from './support/events';
import { TestOrganizer } from './support/factories';
import { eventually } from './support/mail-server';

/**
 * The invitation page in Chromium, in Japanese (host) and English (co-host):
 * reached from the webinar page, a list with repeats, a registrant, an
 * invited address and invalid entries checked and the new ones sent (each
 * gets one email at the test SMTP server), a list over 5,000 refused with
 * the text kept; then the same with the keyboard alone. Each state:
 * screenshots at 360 and 1280 px, no horizontal scroll at 360 px, no
 * serious or critical axe violation, no skipped heading level.
 */
describe('console invitations page in a browser', () => {
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

  const checkPage = (page: Page, name: string) => expectUsablePage(page, `console-inv-${name}`);

  async function signedIn(who: TestOrganizer, locale: string) {
    const context = await newContext(browser, env.base, { locale, timezoneId: 'Asia/Tokyo' });
    const session = await consoleSessionCookie(env.api, { email: who.email, role: 'organizer', organizerId: who.id });
    await addSessionCookie(context, env.base, session);
    return { context, page: await context.newPage() };
  }

  const counts = (page: Page) =>
    page.$$eval('[data-count]', (nodes) =>
      Object.fromEntries(nodes.map((n) => [n.getAttribute('data-count'), Number(n.textContent)])),
    );
  const invitationMails = async (address: string) =>
    (await env.smtp.parsedFor(address)).filter((m) => /invit|招待/i.test(m.subject ?? '')).length;

  it('checks a list, sends only to the new addresses and refuses 5,001, accessibly, in ja and en at 360 px', async () => {
    const { event, hostOrganizer, cohostOrganizer } = await createCohostedEvent(env.api, {});
    const registrant = await registerThroughApi(env.api, event, { consent: { shareWithCohosts: true } });
    await settled(env.api, event.id);

    for (const [who, locale, lang] of [
      [hostOrganizer, 'ja-JP', 'ja'],
      [cohostOrganizer, 'en-GB', 'en'],
    ] as const) {
      const tag = randomUUID().slice(0, 8);
      const fresh = [`a-${tag}@example.org`, `b-${tag}@example.org`];
      const old = `old-${tag}@example.org`;
      await env.api.http
        .post(`/api/v1/events/${event.id}/invitations`)
        .set(who.headers)
        .send({ emails: [old] })
        .expect(202);
      const { context, page } = await signedIn(who, locale);
      await page.goto(`/console/events/${event.id}`);
      expect((await click(page, '[data-testid="invitations-link"]')).status()).toBe(200);
      await checkPage(page, `${lang}-empty`);

      await page.fill(
        '#f-addresses',
        [
          fresh[0],
          fresh[0].toUpperCase(),
          `${fresh[1]}; ${old}`,
          registrant.email,
          'nobody',
          `x\u200b-${tag}@example.org`,
        ].join('\n'),
      );
      expect((await click(page, 'form[action$="/check"] button[type="submit"]')).status()).toBe(200);
      expect(await counts(page)).toEqual({ entries: 7, repeats: 1, fresh: 2, invited: 1, registered: 1, invalid: 2 });
      expect(await page.textContent('[data-testid="inv-invalid"]')).toContain('nobody');
      expect(await page.inputValue('#f-addresses')).toContain(registrant.email);
      await checkPage(page, `${lang}-checked`);

      expect((await click(page, '[data-testid="inv-send-form"] button[type="submit"]')).status()).toBe(200);
      expect(await page.getAttribute('[data-testid="inv-sent"]', 'data-sent')).toBe('2');
      await eventually(async () => (await Promise.all(fresh.map(invitationMails))).every((n) => n >= 1), 20_000);
      await settled(env.api, event.id);
      expect(await Promise.all([...fresh, old, registrant.email].map(invitationMails))).toEqual([1, 1, 1, 0]);
      await eventually(async () => {
        await page.reload();
        return (await page.locator(`[data-testid="inv-row"][data-status="sent"]`).count()) >= 3;
      }, 15_000);
      await checkPage(page, `${lang}-list`);

      const many = Array.from({ length: 5001 }, (_, i) => `m${i}-${tag}@example.org`).join('\n');
      // As a paste: the whole text at once (typing 170 kB key by key is not what a person does).
      await page.$eval('#f-addresses', (area, text) => ((area as unknown as { value: string }).value = text), many);
      expect((await click(page, 'form[action$="/check"] button[type="submit"]')).status()).toBe(400);
      expect(await page.textContent('[data-testid="inv-error"]')).toContain('5001');
      expect(await page.inputValue('#f-addresses')).toBe(many);
      expect(await page.getAttribute('#f-addresses', 'aria-invalid')).toBe('true');
      await checkPage(page, `${lang}-too-many`);
      await context.close();
    }
  }, 120_000);

  it('works with the keyboard alone: paste, check, send', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(env.api, {});
    const { context, page } = await signedIn(hostOrganizer, 'en-GB');
    const focused = () =>
      page.evaluate(
        'document.activeElement && (document.activeElement.id || document.activeElement.textContent.trim())',
      );
    async function tabTo(target: string | RegExp, limit = 60) {
      for (let i = 0; i < limit; i++) {
        const now = String(await focused());
        if (typeof target === 'string' ? now === target : target.test(now)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${String(target)} (last: ${String(await focused())})`);
    }
    const address = `kb-${randomUUID().slice(0, 8)}@example.org`;
    try {
      await page.goto(`/console/events/${event.id}?lang=en`);
      await tabTo('Invite people by email');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await tabTo('f-addresses');
      await page.keyboard.type(`${address}\nnot-valid`);
      await tabTo('Check the list');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await counts(page)).toMatchObject({ fresh: 1, invalid: 1 });
      await tabTo('Send invitations to the 1 new addresses');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.getAttribute('[data-testid="inv-sent"]', 'data-sent')).toBe('1');
      await eventually(async () => (await invitationMails(address)) === 1, 20_000);
    } finally {
      await context.close();
    }
  });
});
