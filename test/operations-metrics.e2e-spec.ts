import { createTestDatabase, unique } from '@cohost/testing';
import { get } from 'node:http';
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { WorkerMetricsListener } from '../apps/worker/src/metrics/worker-metrics.listener';
import { ApiHarness, startApi } from './support/api-harness';
import { createPartner, insertEvent, TestPartner } from './support/factories';
import { startSmtpServer, TestSmtpServer } from './support/mail-server';
import { startWorker } from './support/notify-fixtures';
import { until } from './support/polling';
import { openForm, postForm, registerFields } from './support/pages';
import { assertBuilt, BUILT, freePort, run } from './support/processes';
import { register, UNTHROTTLED } from './support/registrations';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one series in a text exposition (labels in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

/**
 * Prometheus metrics of both processes: `/metrics` of the api behind its
 * bearer token, the worker's own listener, and the counters moving with a
 * registration, its email and a reminder.
 */
describe('metrics', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let smtp: TestSmtpServer;
  let worker: INestApplicationContext | undefined;
  const scrape = async () => {
    const res = await api.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    api = await startApi({ ...UNTHROTTLED, METRICS_TOKEN: TOKEN });
    host = await createPartner(api);
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await worker?.close();
    await smtp?.close();
    await api?.close();
  });

  it.each([
    ['no header', undefined],
    ['another token', 'Bearer metrics-token-0123456789abcdeX'],
    ['the token without the scheme', TOKEN],
    ['a Basic header', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`],
    ['the admin API token', 'Bearer test-admin-token-0123456789abcdef'],
  ])('answers 401 to %s', async (_, header) => {
    const res = await (header ? api.http.get('/metrics').set('Authorization', header) : api.http.get('/metrics'));
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('cohost_');
  });

  it('serves no /metrics at all without METRICS_TOKEN', async () => {
    const bare = await startApi();
    try {
      expect((await bare.http.get('/metrics')).status).toBe(404);
      expect((await bare.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('counts registrations by outcome and requests by route template, then the worker sends and counts the emails', async () => {
    const event = await insertEvent(api, host.id, { capacity: 1, waitlist: true });
    const before = await scrape();
    expect(sample(before, 'cohost_process_cpu_user_seconds_total', { app: 'api' })).toBeGreaterThan(0);
    const count = (text: string, labels: Record<string, string>) =>
      sample(text, 'cohost_registrations_total', labels) ?? 0;

    const first = await register(api, event);
    expect(first.status).toBe(201);
    const email = `${unique('again')}@example.jp`;
    expect((await register(api, event, { email })).body.status).toBe('waitlisted');
    expect((await register(api, event, { email })).status).toBe(409);
    expect((await register(api, event, { email: 'not an address' })).status).toBe(400);
    const gone = await insertEvent(api, host.id, { status: 'cancelled' });
    expect((await register(api, gone)).status).toBe(409);
    // The page form counts too (waitlisted: the one seat is taken).
    const form = await openForm(api, `/events/${event.slug}`);
    expect((await postForm(api, `/events/${event.slug}/register`, form, registerFields(form.csrf))).status).toBe(201);

    const after = await scrape();
    expect(count(after, { outcome: 'confirmed' }) - count(before, { outcome: 'confirmed' })).toBe(1);
    expect(count(after, { outcome: 'waitlisted' }) - count(before, { outcome: 'waitlisted' })).toBe(2);
    expect(count(after, { outcome: 'refused', code: 'REGISTRATION_EXISTS' })).toBe(1);
    expect(count(after, { outcome: 'refused', code: 'VALIDATION_FAILED' })).toBe(1);
    expect(count(after, { outcome: 'refused', code: 'EVENT_CANCELLED' })).toBe(1);

    // Requests by route template: never an id in a label.
    const route = '/api/v1/events/:id/registrations';
    const histogram = 'cohost_http_request_duration_seconds_count';
    expect(sample(after, histogram, { method: 'POST', route, status: '201' })).toBe(2);
    expect(sample(after, histogram, { method: 'POST', route, status: '409' })).toBe(2);
    expect(sample(after, histogram, { method: 'POST', route: '/events/:id/register', status: '201' })).toBe(1);
    await api.http.get(`/api/v1/no-such-thing/${unique('secret')}`).expect(404);
    const labels = await scrape();
    expect(sample(labels, histogram, { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(labels).not.toContain(event.id);
    expect(labels).not.toContain('secret-');

    // The outbox holds the emails until a worker relays them; the mail queue is empty.
    expect(sample(labels, 'cohost_outbox_pending')).toBe(3);
    expect(sample(labels, 'cohost_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(labels, 'cohost_backlog_source_up', { source: 'outbox' })).toBe(1);
    expect(sample(labels, 'cohost_backlog_source_up', { source: 'queues' })).toBe(1);
    for (const state of ['waiting', 'active', 'delayed', 'failed']) {
      expect(sample(labels, 'cohost_queue_jobs', { queue: 'mail', state })).toBe(0);
      expect(sample(labels, 'cohost_queue_jobs', { queue: 'reminders', state })).toBe(0);
    }

    const port = await freePort();
    worker = await startWorker(api, { SMTP_URL: smtp.url, WORKER_METRICS_PORT: String(port), METRICS_TOKEN: TOKEN });
    expect(worker.get(WorkerMetricsListener).port).toBe(port);
    await smtp.waitForCount(3, 20_000);
    await until(async () => sample(await scrape(), 'cohost_outbox_pending') === 0, 'the outbox relayed');

    const workerHttp = request(`http://127.0.0.1:${port}`);
    expect((await workerHttp.get('/metrics')).status).toBe(401);
    expect((await workerHttp.get('/metrics').set('Authorization', 'Bearer nope')).status).toBe(401);
    expect((await workerHttp.get('/other').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
    let text = '';
    await until(async () => {
      text = (await workerHttp.get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).text;
      return (sample(text, 'cohost_messages_total', { kind: 'registration.waitlisted', outcome: 'sent' }) ?? 0) >= 2;
    }, 'the worker counted its messages');
    expect(sample(text, 'cohost_messages_total', { kind: 'registration.confirmed', outcome: 'sent' })).toBe(1);
    expect(sample(text, 'cohost_messages_total', { kind: 'registration.waitlisted', outcome: 'sent' })).toBe(2);
    expect(sample(text, 'cohost_smtp_send_duration_seconds_count', { result: 'ok' })).toBe(3);
    expect(sample(text, 'cohost_process_cpu_user_seconds_total', { app: 'worker' })).toBeGreaterThan(0);
  });

  it('observes how late a reminder fired', async () => {
    // Due two seconds from now: one hour before a start an hour and two seconds away.
    const startsAt = new Date(Date.now() + 3600_000 + 2000);
    const event = await insertEvent(api, host.id, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      reminders: ['PT1H'],
    });
    expect((await register(api, event)).status).toBe(201);
    const port = worker!.get(WorkerMetricsListener).port!;
    const workerHttp = request(`http://127.0.0.1:${port}`);
    let text = '';
    await until(
      async () => {
        text = (await workerHttp.get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).text;
        return (sample(text, 'cohost_reminder_lateness_seconds_count') ?? 0) >= 1;
      },
      'the reminder fired',
      20_000,
    );
    expect(sample(text, 'cohost_reminder_lateness_seconds_count')).toBe(1);
    // Fired within a few seconds of its time (the delayed job's own precision, on a loaded machine).
    expect(sample(text, 'cohost_reminder_lateness_seconds_sum')).toBeLessThan(30);
  });

  describe('with API_PROCESSES=2 (built api)', () => {
    /** One request on a connection of its own, so the cluster spreads them over the processes. */
    const fetchOnce = (port: number, path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        }).on('error', reject);
      });

    it('any process answers /metrics for all of them: counters summed, backlog taken once', async () => {
      assertBuilt();
      const db = await createTestDatabase('metrics');
      const port = await freePort();
      const proc = run(BUILT.api, [], {
        DATABASE_URL: db.url,
        QUEUE_PREFIX: unique('metrics'),
        PORT: String(port),
        HOST: '127.0.0.1',
        API_PROCESSES: '2',
        METRICS_TOKEN: TOKEN,
        LOG_LEVEL: 'info',
      });
      try {
        await proc.waitFor(/listening on 127\.0\.0\.1:\d+ with 2 processes/, 60_000);
        for (let i = 0; i < 20; i++) expect((await fetchOnce(port, '/api/v1/health/live')).status).toBe(200);
        const live = { method: 'GET', route: '/api/v1/health/live', status: '200' };
        for (let i = 0; i < 6; i++) {
          const scraped = await fetchOnce(port, '/metrics', { Authorization: `Bearer ${TOKEN}` });
          expect(scraped.status).toBe(200);
          expect(sample(scraped.text, 'cohost_http_request_duration_seconds_count', live)).toBe(20);
          expect(sample(scraped.text, 'cohost_outbox_pending')).toBe(0);
          expect(sample(scraped.text, 'cohost_backlog_source_up', { source: 'outbox' })).toBe(1);
        }
        expect((await fetchOnce(port, '/metrics')).status).toBe(401);
        proc.child.kill('SIGTERM');
        expect(await proc.exited).toBe(0);
      } finally {
        proc.child.kill('SIGKILL');
        await db.drop();
      }
    }, 120_000);
  });
});
