import { unique } from '@cohost/testing';
import { QUEUES } from '@cohost/queue';
import { Queue, Worker } from 'bullmq';
import { Browser } from 'playwright-core';
import { ApiHarness, startApi } from './support/api-harness';
import { launchBrowser, listen, newContext } from './support/browser';
import { addSessionCookie, consoleSessionCookie, ConsoleSession } from './support/console';
import { createOrganizer, createPartner } from './support/factories';

/**
 * The BullMQ dashboard at /console/queues: hub admins signed in to the
 * console only, read-only unless QUEUE_DASHBOARD_WRITE=true, and its page
 * working under the app's Content-Security-Policy in Chromium.
 */
describe('queue dashboard', () => {
  let api: ApiHarness;
  let base: string;
  let admin: ConsoleSession;
  let organizer: ConsoleSession;
  let failedJobId: string;

  /** A failed job in the test's own mail queue: added, then failed by a throw-away consumer. */
  async function addFailedJob(harness: ApiHarness): Promise<string> {
    const options = { connection: { url: harness.config.redis.url }, prefix: harness.config.redis.queuePrefix };
    const queue = new Queue('mail', options);
    const worker = new Worker(
      'mail',
      async () => {
        throw new Error('made to fail');
      },
      { ...options, autorun: false },
    );
    try {
      const failed = new Promise<void>((resolve) => worker.once('failed', () => resolve()));
      const job = await queue.add('dashboard-test', { n: 1 }, { jobId: unique('dash'), attempts: 1 });
      void worker.run();
      await failed;
      return job.id!;
    } finally {
      await worker.close();
      await queue.close();
    }
  }

  beforeAll(async () => {
    api = await startApi();
    base = await listen(api);
    admin = await consoleSessionCookie(api, { email: `${unique('admin')}@hub.example`, role: 'admin' });
    const partner = await createPartner(api);
    const org = await createOrganizer(api, partner);
    organizer = await consoleSessionCookie(api, { email: org.email, role: 'organizer', organizerId: org.id });
    failedJobId = await addFailedJob(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  const paths = ['/console/queues', '/console/queues/queue/mail', '/console/queues/api/queues'];

  it.each(paths)('refuses %s to an anonymous request and to an organizer, serves it to an admin', async (path) => {
    const anonymous = await api.http.get(path);
    expect([303, 401]).toContain(anonymous.status);
    if (anonymous.status === 303) expect(anonymous.headers.location).toBe('/console/sign-in');
    expect((await api.http.get(path).set('Cookie', 'cohost_console=not-a-session-0123456789')).status).toBe(
      anonymous.status,
    );
    expect((await api.http.get(path).set('Cookie', organizer.cookie)).status).toBe(403);
    expect((await api.http.get(path).set('Cookie', admin.cookie)).status).toBe(200);
  });

  it('refuses the API token of the hub admin: the dashboard is for console sessions', async () => {
    expect((await api.http.get('/console/queues/api/queues').set(api.admin)).status).toBe(401);
  });

  it('lists the queues and their failed job, read-only: a retry is refused', async () => {
    const listed = await api.http
      .get('/console/queues/api/queues?activeQueue=mail&status=failed')
      .set('Cookie', admin.cookie);
    expect(listed.status).toBe(200);
    const queues = listed.body.queues as Array<{ name: string; readOnlyMode: boolean; jobs: Array<{ id: string }> }>;
    expect(queues.map((q) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
    expect(queues.find((q) => q.name === 'mail')!.jobs.map((j) => j.id)).toContain(failedJobId);
    for (const path of [
      `mail/${failedJobId}/retry`,
      'mail/retry/failed',
      'mail/clean/failed',
      `mail/${failedJobId}/clean`,
    ]) {
      expect([
        path,
        (await api.http.put(`/console/queues/api/queues/${path}`).set('Cookie', admin.cookie)).status,
      ]).toEqual([path, 405]);
    }
    const still = await api.http
      .get('/console/queues/api/queues?activeQueue=mail&status=failed')
      .set('Cookie', admin.cookie);
    expect(
      still.body.queues.find((q: { name: string }) => q.name === 'mail').jobs.map((j: { id: string }) => j.id),
    ).toContain(failedJobId);
  });

  it('with QUEUE_DASHBOARD_WRITE=true an admin retries a failed job; an organizer still cannot, nor a cross-site request', async () => {
    const writable = await startApi({ QUEUE_DASHBOARD_WRITE: 'true' });
    try {
      const session = await consoleSessionCookie(writable, { email: `${unique('admin')}@hub.example`, role: 'admin' });
      const partner = await createPartner(writable);
      const org = await createOrganizer(writable, partner);
      const orgSession = await consoleSessionCookie(writable, {
        email: org.email,
        role: 'organizer',
        organizerId: org.id,
      });
      const id = await addFailedJob(writable);
      const path = `/console/queues/api/queues/mail/${id}/retry`;
      expect((await writable.http.put(path).set('Cookie', orgSession.cookie)).status).toBe(403);
      expect(
        (await writable.http.put(path).set('Cookie', session.cookie).set('Origin', 'https://evil.example')).status,
      ).toBe(403);
      // Other changes than retry and clean stay refused even then.
      for (const other of ['mail/pause', 'mail/empty', 'mail/obliterate', 'pause']) {
        expect([
          other,
          (await writable.http.put(`/console/queues/api/queues/${other}`).set('Cookie', session.cookie)).status,
        ]).toEqual([other, 405]);
      }
      expect(
        (
          await writable.http
            .post('/console/queues/api/queues/mail/add')
            .set('Cookie', session.cookie)
            .send({ name: 'x', data: {} })
        ).status,
      ).toBe(405);
      expect(
        (await writable.http.put(path).set('Cookie', session.cookie).set('Origin', base.replace(/:\d+$/, ':1'))).status,
      ).toBe(403);
      expect((await writable.http.put(path).set('Cookie', session.cookie)).status).toBe(204);
      const queue = new Queue('mail', {
        connection: { url: writable.config.redis.url },
        prefix: writable.config.redis.queuePrefix,
      });
      try {
        expect(await (await queue.getJob(id))!.getState()).not.toBe('failed');
      } finally {
        await queue.close();
      }
    } finally {
      await writable.close();
    }
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('renders the board with its scripts and styles under the CSP (only the third-party font link is refused)', async () => {
      const context = await newContext(browser, base, { locale: 'en-GB' });
      try {
        await addSessionCookie(context, base, admin);
        const page = await context.newPage();
        const refused: string[] = [];
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
        });
        const response = await page.goto('/console/queues');
        expect(response!.status()).toBe(200);
        expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
        // The React app rendered the queues (text that only its scripts write).
        await page.getByText('mail', { exact: true }).first().waitFor({ timeout: 15_000 });
        await page.getByText('reminders', { exact: true }).first().waitFor({ timeout: 15_000 });
        // The board's own index links a web font on a third-party host: the CSP keeps the browser from loading it.
        expect(refused.filter((text) => !text.includes('fonts.googleapis.com'))).toEqual([]);
        expect(refused.length).toBeGreaterThan(0);
      } finally {
        await context.close();
      }
    });
  });
});
