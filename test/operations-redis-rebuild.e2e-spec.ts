import { NotificationEntity } from '@cohost/database';
import { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ApiHarness, dataSourceOf, startApi } from './support/api-harness';
import { insertHostedEvent } from './support/factories';
import { eventually, startSmtpServer, TestSmtpServer } from './support/mail-server';
import { register, startWorker } from './support/notify-fixtures';

/** Deletes every key of one queue prefix (the test's own), as a Redis that lost its data would have none. */
async function flushPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url);
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/**
 * PostgreSQL is the only state that matters: with the queue's Redis keys
 * gone (a Redis rebuilt empty), a restarted worker relays every pending row
 * again and sends it once, and the reminders still due fire.
 */
describe('Redis rebuilt empty', () => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let worker: INestApplicationContext | undefined;
  const env = () => ({
    SMTP_URL: smtp.url,
    OUTBOX_POLL_MS: '200',
    // Retries far away: jobs sit delayed in Redis while the server refuses.
    MAIL_RETRY_DELAY_MS: '600000',
    OUTBOX_REQUEUE_AFTER_MS: '1000',
  });

  beforeAll(async () => {
    api = await startApi();
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await worker?.close();
    await smtp?.close();
    await api?.close();
  });

  it('relays and delivers every pending row again, once, and keeps the reminders', async () => {
    const prefix = api.config.redis.queuePrefix;
    // A webinar whose one-hour reminder is due 12 s from now, and another whose reminder is tomorrow.
    const soon = new Date(Date.now() + 3600_000 + 12_000);
    const { event } = await insertHostedEvent(api, {
      startsAt: soon,
      endsAt: new Date(soon.getTime() + 3600_000),
      reminders: ['PT1H'],
    });
    const { event: later } = await insertHostedEvent(api, { reminders: ['P1D'] });
    smtp.behave({ tempFail: true });
    worker = await startWorker(api, env());
    const people = await register(api, event.id, [{}, {}, {}]);
    const single = await register(api, later.id, [{}]);
    const rows = async () => dataSourceOf(api).manager.find(NotificationEntity, { where: {}, order: { id: 'ASC' } });
    // Every row relayed, each tried once and refused (451): their jobs wait in Redis for a retry in 10 minutes.
    await eventually(async () => (await rows()).every((n) => n.relayedAt !== null && n.attempts === 1), 20_000);
    const redis = new Redis(api.config.redis.url);
    try {
      expect(await redis.zcard(`${prefix}:mail:delayed`)).toBeGreaterThan(0);
      expect(await redis.zcard(`${prefix}:reminders:delayed`)).toBe(2);
    } finally {
      redis.disconnect();
    }

    // Redis loses everything of this prefix (and nothing of anybody else's); the worker is restarted.
    await worker.close();
    worker = undefined;
    expect(await flushPrefix(api.config.redis.url, prefix)).toBeGreaterThan(0);
    smtp.behave({ tempFail: false });
    worker = await startWorker(api, env());

    const everyone = [...people, ...single];
    await eventually(async () => (await rows()).every((n) => n.status === 'sent'), 30_000);
    for (const p of everyone) expect(await smtp.parsedFor(p.email)).toHaveLength(1);

    // The reminder due soon fires and is delivered; tomorrow's is scheduled again.
    await eventually(
      async () => (await rows()).filter((n) => n.kind === 'event.reminder' && n.status === 'sent').length === 3,
      40_000,
    );
    for (const p of people) {
      expect((await smtp.parsedFor(p.email)).length).toBe(2);
    }
    const check = new Redis(api.config.redis.url);
    try {
      expect(await check.zcard(`${prefix}:reminders:delayed`)).toBe(1);
    } finally {
      check.disconnect();
    }
  }, 120_000);
});
