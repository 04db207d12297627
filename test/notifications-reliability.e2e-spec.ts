import { AppConfig } from '@cohost/config';
import { NotificationEntity } from '@cohost/database';
import { JobCatalogueError, QUEUES } from '@cohost/queue';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_HANDLERS, JobRunner } from '../apps/worker/src/jobs/job-runner.service';
import { OutboxRelay } from '../apps/worker/src/outbox/outbox-relay.service';
import { ApiHarness, dataSourceOf, startApi } from './support/api-harness';
import { insertHostedEvent } from './support/factories';
import { eventually, startSmtpServer, TestSmtpServer } from './support/mail-server';
import {
  notificationsOf,
  register,
  reschedule,
  seedFanOut,
  startWorker,
  workerConfig,
} from './support/notify-fixtures';
import { PrivateRedis, startPrivateRedis } from './support/private-redis';
import { assertBuilt, BUILT, run } from './support/processes';

describe('queue reliability', () => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    api = await startApi();
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
    await api.close();
  });

  const allSent = async (eventId: string) => (await notificationsOf(api, eventId)).every((n) => n.status === 'sent');

  const workerEnv = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: api.config.database.url,
    QUEUE_PREFIX: api.config.redis.queuePrefix,
    REDIS_URL: api.config.redis.url,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'cohost <no-reply@cohost.example>',
    PUBLIC_BASE_URL: 'https://cohost.example',
    WORKER_LOCK_MS: '2000',
    OUTBOX_POLL_MS: '500',
    MAIL_RETRY_DELAY_MS: '100',
    LOG_LEVEL: 'info',
    ...extra,
  });

  describe('built worker processes', () => {
    beforeAll(() => assertBuilt());

    it('delivers each message of a 500-recipient fan-out exactly once when a worker is SIGKILLed mid-way', async () => {
      const { event, people } = await seedFanOut(api, 500);

      const first = run(BUILT.worker, [], workerEnv());
      await smtp.waitForCount(smtp.received.length + 100, 20_000);
      // The server stops answering: every in-flight job now waits for its 250.
      smtp.behave({ hold: true });
      await eventually(() => smtp.held() > 0);
      await new Promise((r) => setTimeout(r, 300));
      // Counted before the kill: the dying process's connections release what the server held.
      const inFlight = smtp.held();
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      smtp.behave({ hold: false });
      const sentBefore = (await notificationsOf(api, event.id)).filter((n) => n.status === 'sent').length;
      expect(sentBefore).toBeLessThan(500);

      const second = run(BUILT.worker, [], workerEnv());
      try {
        await eventually(() => allSent(event.id), 25_000, 100);
      } finally {
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
      const counts = smtp.countsByRecipient();
      const perPerson = people.map((p) => counts.get(p.email.toLowerCase()) ?? 0);
      expect(perPerson.filter((c) => c !== 1)).toEqual([]);
      expect(inFlight).toBeGreaterThan(0);
    }, 60_000);

    it('on SIGTERM takes no new job, finishes the active one and exits 0', async () => {
      const { event } = await insertHostedEvent(api);
      await register(api, event.id, [{}, {}, {}]);
      smtp.behave({ delayMs: 1500 });
      const worker = run(BUILT.worker, [], workerEnv({ WORKER_CONCURRENCY: '1', MAIL_BATCH_SIZE: '1' }));
      try {
        await worker.waitFor(/worker started/);
        await eventually(() => smtp.held() > 0, 10_000);
        worker.child.kill('SIGTERM');
        expect(await worker.exited).toBe(0);
      } finally {
        smtp.behave({ delayMs: 0 });
      }
      const rows = await notificationsOf(api, event.id);
      expect(rows.map((r) => r.status).sort()).toEqual(['pending', 'pending', 'sent']);
      expect(worker.output()).toMatch(/SIGTERM received/);
    }, 30_000);
  });

  it('keeps registrations committing while Redis is down and delivers each message once after it returns', async () => {
    const redis = await startPrivateRedis();
    const worker = await startWorker(api, { SMTP_URL: smtp.url, REDIS_URL: redis.url, OUTBOX_POLL_MS: '300' });
    try {
      const { event } = await insertHostedEvent(api);
      await redis.stop();
      // 50 registrations commit, each in its own transaction, as 50 API calls would.
      const people = await Promise.all(
        Array.from({ length: 50 }, () => register(api, event.id, [{}]).then((r) => r[0])),
      );
      await new Promise((r) => setTimeout(r, 800));
      const waiting = await notificationsOf(api, event.id);
      expect(waiting).toHaveLength(50);
      expect(waiting.every((n) => n.relayedAt === null && n.status === 'pending')).toBe(true);

      await redis.start();
      await eventually(() => allSent(event.id), 20_000, 100);
      const counts = smtp.countsByRecipient();
      expect(people.map((p) => counts.get(p.email.toLowerCase()))).toEqual(people.map(() => 1));

      // Redis comes back empty after rows were relayed: the repair sweep queues them again.
      const [late] = await register(api, event.id, [{}]);
      await eventually(async () => (await notificationsOf(api, event.id)).every((n) => n.relayedAt !== null));
      await redis.stop();
      await redis.start();
      const pendingLate = (await notificationsOf(api, event.id)).filter((n) => n.status === 'pending');
      if (pendingLate.length > 0) {
        await dataSourceOf(api).query(
          `UPDATE notifications SET relayed_at = now() - interval '10 minutes' WHERE id = $1`,
          [pendingLate[0].id],
        );
        expect(await worker.get(OutboxRelay).requeueStale()).toBe(1);
      }
      await eventually(() => allSent(event.id), 10_000, 100);
      expect(smtp.countsByRecipient().get(late.email.toLowerCase())).toBe(1);
    } finally {
      await worker.close();
      await redis.stop();
    }
  }, 40_000);

  describe('closing while its Redis connections wait to reconnect', () => {
    /** The outcome of every BullMQ `Worker.close()` from now on: `closed` once it resolved. */
    const watchCloses = () => {
      const original = Worker.prototype.close;
      const outcomes: string[] = [];
      const spy = jest.spyOn(Worker.prototype, 'close').mockImplementation(function (this: Worker, force?: boolean) {
        const i = outcomes.push('closing') - 1;
        const closing = original.call(this, force);
        void closing.then(() => (outcomes[i] = 'closed'));
        return closing;
      });
      return { outcomes, restore: () => spy.mockRestore() };
    };

    /** The clients connected to `redis`, apart from the one asking. */
    const clientsOf = async (redis: PrivateRedis) => {
      const probe = new Redis(redis.url);
      try {
        const list = (await probe.client('LIST')) as string;
        return list.trim().split('\n').length - 1;
      } finally {
        probe.disconnect();
      }
    };

    it.each([
      ['just after Redis restarted', 'up'],
      ['while Redis is down', 'down'],
    ])(
      'finishes closing every BullMQ worker %s, and no connection comes back',
      async (_, redisAtClose) => {
        const redis = await startPrivateRedis();
        const closes = watchCloses();
        let worker: INestApplicationContext | undefined;
        try {
          worker = await startWorker(api, { SMTP_URL: smtp.url, REDIS_URL: redis.url });
          const { event } = await insertHostedEvent(api);
          await register(api, event.id, [{}]);
          await eventually(() => allSent(event.id));
          await redis.stop();
          if (redisAtClose === 'up') await redis.start();
          const stopping = worker;
          worker = undefined;
          await stopping.close();
          // Not left waiting for a connection to end (renewing locks meanwhile), nor cut short by the fallback.
          // One BullMQ worker per queue.
          expect(closes.outcomes).toEqual(Object.values(QUEUES).map(() => 'closed'));

          if (redisAtClose === 'down') await redis.start();
          // Past the first retry delay of every client (at most 2 s): none was left reconnecting.
          await new Promise((r) => setTimeout(r, 2500));
          expect(await clientsOf(redis)).toBe(0);
        } finally {
          closes.restore();
          await worker?.close();
          await redis.stop();
        }
      },
      30_000,
    );
  });

  it('holds the global rate limit across two worker processes', async () => {
    const { event } = await insertHostedEvent(api);
    const people = await register(
      api,
      event.id,
      Array.from({ length: 16 }, () => ({})),
      { notify: false },
    );
    const env = { SMTP_URL: smtp.url, MAIL_RATE_PER_SECOND: '5', WORKER_CONCURRENCY: '4' };
    const workers = await Promise.all([startWorker(api, env), startWorker(api, env)]);
    try {
      const from = smtp.received.length;
      await reschedule(api, event.id, 60_000);
      await eventually(() => allSent(event.id), 15_000, 100);
      const mine = new Set(people.map((p) => p.email.toLowerCase()));
      const times = smtp.received
        .slice(from)
        .filter((m) => mine.has(m.to[0]))
        .map((m) => m.at);
      expect(times).toHaveLength(16);
      // 16 messages at 5/s: at least three full windows after the first.
      expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual(2500);
      for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(10);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 30_000);

  it('keeps Redis bounded: completed jobs are trimmed after many jobs', async () => {
    const { event } = await insertHostedEvent(api);
    // 1,500 registrations cancelled meanwhile: each job runs, finds nothing to send, completes.
    const people = await register(
      api,
      event.id,
      Array.from({ length: 1500 }, () => ({})),
    );
    await dataSourceOf(api).query(`UPDATE registrations SET status = 'cancelled' WHERE event_id = $1`, [event.id]);
    const worker = await startWorker(api, { SMTP_URL: smtp.url, WORKER_CONCURRENCY: '32' });
    const redis = new Redis(api.config.redis.url);
    const queue = new Queue(QUEUES.mail, { connection: redis, prefix: api.config.redis.queuePrefix });
    try {
      await eventually(
        async () => (await notificationsOf(api, event.id)).every((n) => n.status === 'skipped'),
        25_000,
        200,
      );
      await eventually(async () => (await queue.getJobCounts('wait', 'active')).active === 0);
      expect(await queue.getJobCounts('completed')).toEqual({ completed: expect.any(Number) });
      expect((await queue.getJobCounts('completed')).completed).toBeLessThanOrEqual(1000);
      const jobKeys = (await redis.keys(`${api.config.redis.queuePrefix}:${QUEUES.mail}:*`)).filter((k) =>
        /:n-\d+$/.test(k),
      );
      expect(jobKeys.length).toBeLessThanOrEqual(1000);
      expect(people).toHaveLength(1500);
      expect(await dataSourceOf(api).manager.countBy(NotificationEntity, { eventId: event.id })).toBe(1500);
    } finally {
      await queue.close();
      redis.disconnect();
      await worker.close();
    }
  }, 40_000);

  it('refuses to start when a job has no handler or two', async () => {
    const config = workerConfig(api);
    const handler = (jobName: string) => ({ jobName, handle: async () => ({ outcome: 'ok' }) });
    const boot = (handlers: unknown[]) =>
      Test.createTestingModule({
        providers: [{ provide: AppConfig, useValue: config }, { provide: JOB_HANDLERS, useValue: handlers }, JobRunner],
      }).compile();
    await expect(boot([handler('send-notification')])).rejects.toThrow(JobCatalogueError);
    await expect(
      boot([handler('send-notification'), handler('fire-reminder'), handler('fire-reminder')]),
    ).rejects.toThrow('job "fire-reminder" has two handlers');
  });
});
