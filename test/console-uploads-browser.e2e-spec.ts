import { unique } from '@cohost/testing';
import { Browser, Page } from 'playwright-core';
import { registerThroughApi, settled } from './support/acceptance';
import { expectUsablePage, launchBrowser, newContext } from './support/browser';
import { addSessionCookie, ConsoleEnv, consoleSessionCookie, startConsoleEnv } from './support/console';
import { createCohostedEvent, sql } from './support/events';

/**
 * CSV files chosen in Chromium (the browser's own multipart body, its
 * empty file part when no file is chosen): the member roster in Japanese,
 * a Teams attendance report in English, a refused file shown on the page.
 * Each state: 360 px without horizontal scroll, axe-core, heading levels.
 */
describe('console CSV file uploads in a browser', () => {
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

  const checkPage = (page: Page, name: string) => expectUsablePage(page, `console-upload-${name}`);

  async function submit(page: Page, selector: string) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response!.status();
  }

  it('imports a roster file, refuses a Shift_JIS one in place, and still takes pasted text (ja)', async () => {
    const context = await newContext(browser, env.base, { locale: 'ja-JP' });
    const admin = await consoleSessionCookie(env.api, { email: `${unique('admin')}@hub.example`, role: 'admin' });
    await addSessionCookie(context, env.base, admin);
    const page = await context.newPage();
    const tag = unique('b');
    try {
      await page.goto('/console/admin/members');
      await page.setInputFiles('#f-file', {
        name: 'roster.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`name_ja,name_en,domains\n京都,Kyoto,k-${tag}.example.jp\n,,x-${tag}.example.jp\n`),
      });
      expect(await submit(page, 'form[action$="/import"] button')).toBe(200);
      expect(await page.textContent('#report-heading')).toBe('1 件の組織を取り込みました。');
      expect(await page.content()).toContain('missing_name');
      await checkPage(page, 'roster-ja');

      await page.setInputFiles('#f-file', {
        name: 'roster.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from([0x8b, 0x9e, 0x93, 0x73, 0x0a]),
      });
      expect(await submit(page, 'form[action$="/import"] button')).toBe(400);
      expect(await page.textContent('[data-testid="upload-error"]')).toContain('UTF-8');
      expect(await page.getAttribute('#f-file', 'aria-invalid')).toBe('true');
      await checkPage(page, 'roster-refused-ja');

      // No file chosen: the browser still sends the (empty) file part; the pasted text is used.
      await page.fill('#f-csv', `name_ja,name_en,domains\n貼付,Pasted,p-${tag}.example.jp`);
      expect(await submit(page, 'form[action$="/import"] button')).toBe(200);
      expect(
        await sql(env.api, 'SELECT 1 FROM member_organization_domains WHERE domain = $1', [`p-${tag}.example.jp`]),
      ).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('marks attendance from a Teams report file (en)', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(env.api, {});
    const a = await registerThroughApi(env.api, event);
    await registerThroughApi(env.api, event);
    await settled(env.api, event.id);
    const context = await newContext(browser, env.base, { locale: 'en-GB' });
    await addSessionCookie(
      context,
      env.base,
      await consoleSessionCookie(env.api, {
        email: hostOrganizer.email,
        role: 'organizer',
        organizerId: hostOrganizer.id,
      }),
    );
    const page = await context.newPage();
    try {
      await page.goto(`/console/events/${event.id}/attendance`);
      const teams = [
        '1. Summary',
        'Meeting title\tLife Science',
        '',
        '2. Participants',
        'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
        `A\t5/20/27, 5:58:00 PM\t5/20/27, 7:00:00 PM\t1h 2m\t${a.email}\t\tAttendee`,
      ].join('\r\n');
      await page.setInputFiles('#f-reportFile', {
        name: 'meetingAttendanceList.csv',
        mimeType: 'text/csv',
        buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(teams, 'utf16le')]),
      });
      expect(await submit(page, 'form[action$="/import"] button[type="submit"]')).toBe(200);
      expect(await page.textContent('[data-testid="imported"]')).toContain('Microsoft Teams');
      expect(await page.isChecked(`#a-${a.id}`)).toBe(true);
      await checkPage(page, 'attendance-en');

      await page.setInputFiles('#f-reportFile', { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('x') });
      expect(await submit(page, 'form[action$="/import"] button[type="submit"]')).toBe(415);
      expect(await page.textContent('[data-testid="upload-error"]')).toContain('This is not a CSV file.');
      await checkPage(page, 'attendance-refused-en');
    } finally {
      await context.close();
    }
  });
});
