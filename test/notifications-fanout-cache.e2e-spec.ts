import { EventEntity, pgPool } from '@cohost/database';
import { DataSource } from 'typeorm';
import { INestApplicationContext } from '@nestjs/common';
import type { ParsedMail } from 'mailparser';
import { MailContextLoader } from '../apps/worker/src/mail/mail-context.loader';
import { ApiHarness, dataSourceOf, startApi } from './support/api-harness';
import { insertHostedEvent } from './support/factories';
import { startSmtpServer, TestSmtpServer } from './support/mail-server';
import { register, reschedule, startWorker } from './support/notify-fixtures';

/** DTSTART and SEQUENCE of the calendar file attached to a message. */
function calendarOf(mail: ParsedMail): { start: string; sequence: number } {
  const ics = mail.attachments.find((a) => a.contentType.startsWith('application/ics'))?.content.toString('utf8') ?? '';
  return {
    start: /^DTSTART:(\S+)\r?$/m.exec(ics)?.[1] ?? '',
    sequence: Number(/^SEQUENCE:(\d+)\r?$/m.exec(ics)?.[1] ?? NaN),
  };
}

const icsTime = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * The sender caches an event's context (event, host, co-hosts) per version
 * stamp during a fan-out. These tests prove a cached context is never used
 * for a later state of the event.
 */
describe('notification sender: cached event context', () => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    api = await startApi();
    smtp = await startSmtpServer();
    worker = await startWorker(api, { SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await worker.close();
    await smtp.close();
    await api.close();
  });

  it('renders the new time and SEQUENCE after each reschedule, though the old context was cached', async () => {
    const { event } = await insertHostedEvent(api);
    const people = await register(api, event.id, [
      { email: 'ayumi@cache.example', locale: 'ja', timezone: 'Asia/Tokyo' },
      { email: 'bruno@cache.example' },
    ]);
    const base = smtp.received.length;
    await smtp.waitForCount(base + 2);
    const loader = worker.get(MailContextLoader);
    expect(loader.cacheStats.hits + loader.cacheStats.misses).toBeGreaterThanOrEqual(2);

    const first = await reschedule(api, event.id, 3600_000);
    await smtp.waitForCount(base + 4);
    const second = await reschedule(api, event.id, 2 * 3600_000);
    await smtp.waitForCount(base + 6);

    for (const person of people) {
      const mails = await smtp.parsedFor(person.email);
      const calendars = mails.map(calendarOf);
      expect(calendars).toEqual([
        { start: icsTime(event.startsAt), sequence: 0 },
        { start: icsTime(first.startsAt), sequence: 1 },
        { start: icsTime(second.startsAt), sequence: 2 },
      ]);
    }
  });

  it('sees a time change that bypassed TypeORM (no updated_at, no sequence) on the next message', async () => {
    const { event } = await insertHostedEvent(api);
    await register(api, event.id, [{ email: 'chika@cache.example' }]);
    await expectMailTo('chika@cache.example', 1);

    const moved = new Date(event.startsAt.getTime() + 30 * 60_000);
    await dataSourceOf(api).query(
      `UPDATE events SET starts_at = $2, ends_at = $2::timestamptz + interval '2 hours' WHERE id = $1`,
      [event.id, moved],
    );
    const [dora] = await register(api, event.id, [{ email: 'dora@cache.example' }]);
    await expectMailTo(dora.email, 1);
    const [mail] = await smtp.parsedFor(dora.email);
    expect(calendarOf(mail)).toEqual({ start: icsTime(moved), sequence: event.sequence });
    const stored = await dataSourceOf(api).manager.findOneByOrFail(EventEntity, { id: event.id });
    expect(stored.startsAt.toISOString()).toBe(moved.toISOString());
  });

  async function expectMailTo(address: string, count: number): Promise<void> {
    const deadline = Date.now() + 8000;
    while ((smtp.countsByRecipient().get(address) ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`no mail to ${address} within 8 s`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('plans the send ledger statement once per connection, not at every message, on pages with room for HOT marks', async () => {
    const { event } = await insertHostedEvent(api);
    const base = smtp.received.length;
    const people = Array.from({ length: 12 }, (_, i) => ({ email: `plan-${i}@cache.example` }));
    await register(api, event.id, people);
    await smtp.waitForCount(base + people.length);
    await reschedule(api, event.id, 3600_000);
    await smtp.waitForCount(base + 2 * people.length);

    // Every idle connection of the worker's pool at once (the pool hands out idle ones before opening any).
    const pool = pgPool(worker.get(DataSource));
    const clients = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
    try {
      const plans = [];
      for (const client of clients) {
        expect((await client.query('SHOW plan_cache_mode')).rows[0].plan_cache_mode).toBe('force_generic_plan');
        const { rows } = await client.query<{ generic_plans: string; custom_plans: string }>(
          `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'cohost_sender_ledger_%'`,
        );
        plans.push(...rows.map((row) => ({ generic: Number(row.generic_plans), custom: Number(row.custom_plans) })));
      }
      expect(plans.length).toBeGreaterThan(0);
      // Executions on the one cached generic plan; none planned afresh for its parameters.
      for (const plan of plans) expect(plan).toEqual({ generic: expect.any(Number), custom: 0 });
      expect(plans.reduce((sum, plan) => sum + plan.generic, 0)).toBeGreaterThanOrEqual(2);
    } finally {
      for (const client of clients) client.release();
    }
    // The api keeps PostgreSQL's default: its listings' plans depend on the values.
    expect((await dataSourceOf(api).query('SHOW plan_cache_mode'))[0].plan_cache_mode).toBe('auto');
    const [table] = await dataSourceOf(api).query(`SELECT reloptions FROM pg_class WHERE relname = 'notifications'`);
    expect(table.reloptions).toContain('fillfactor=70');
  });
});
