import { EventEntity, EventReminderSyncEntity, NotificationEntity } from '@cohost/database';
import { jobIds, QUEUES } from '@cohost/queue';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { FireReminderHandler } from '../apps/worker/src/reminders/fire-reminder.handler';
import { ApiHarness, dataSourceOf, startApi } from './support/api-harness';
import { insertHostedEvent } from './support/factories';
import { eventually, startSmtpServer, TestSmtpServer } from './support/mail-server';
import { cancelEvent, register, reschedule, startWorker } from './support/notify-fixtures';

/** Reminders with second-long offsets (the scheduler accepts any positive duration), so the test runs in seconds. */
describe('reminders', () => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let worker: INestApplicationContext;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    api = await startApi();
    smtp = await startSmtpServer();
    worker = await startWorker(api, { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '300' });
    redis = new Redis(api.config.redis.url);
    queue = new Queue(QUEUES.reminders, { connection: redis, prefix: api.config.redis.queuePrefix });
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await worker.close();
    await smtp.close();
    await api.close();
  });

  const sync = (eventId: string) => dataSourceOf(api).manager.findOneByOrFail(EventReminderSyncEntity, { eventId });
  const reminders = (eventId: string) =>
    dataSourceOf(api).manager.find(NotificationEntity, { where: { eventId, kind: 'event.reminder' } });
  const synced = async (eventId: string) => {
    await eventually(async () => {
      const s = await sync(eventId);
      return s.syncedVersion === s.version;
    });
    return sync(eventId);
  };

  it('sends a reminder at its time to those confirmed by then, once', async () => {
    const startsAt = new Date(Date.now() + 5000);
    const { event } = await insertHostedEvent(api, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      reminders: ['PT3S'],
    });
    const fireAt = startsAt.getTime() - 3000;
    const [early, late] = await register(api, event.id, [{}, { confirmedAt: new Date(fireAt + 1000) }], {
      notify: false,
    });
    const s = await synced(event.id);
    expect(s.jobIds).toEqual([jobIds.reminder(event.id, 'PT3S', s.version)]);
    expect(await queue.getJobState(s.jobIds[0])).toBe('delayed');

    await eventually(async () => (await smtp.parsedFor(early.email)).length === 1, 8000);
    const arrived = smtp.received.find((m) => m.to.includes(early.email.toLowerCase()))!.at;
    expect(arrived).toBeGreaterThanOrEqual(fireAt);
    expect(arrived).toBeLessThan(fireAt + 2000);
    // The row is marked sent once the SMTP server has accepted the message: a moment after it arrived.
    await eventually(async () => (await reminders(event.id)).every((r) => r.status !== 'pending'));
    const rows = await reminders(event.id);
    expect(rows.map((r) => [r.recipient, r.status, r.data])).toEqual([[early.email, 'sent', { offset: 'PT3S' }]]);
    expect(await smtp.parsedFor(late.email)).toHaveLength(0);
  });

  it('moves the reminder on reschedule: it arrives at the new time only', async () => {
    const startsAt = new Date(Date.now() + 5000);
    const { event } = await insertHostedEvent(api, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      reminders: ['PT3S'],
    });
    const [alice] = await register(api, event.id, [{}], { notify: false });
    const before = await synced(event.id);

    await reschedule(api, event.id, 3000); // SEQUENCE + 1, update email to Alice
    const after = await synced(event.id);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.jobIds).toEqual([jobIds.reminder(event.id, 'PT3S', after.version)]);
    expect(await queue.getJob(before.jobIds[0])).toBeUndefined();

    const newFire = startsAt.getTime() + 3000 - 3000;
    await eventually(async () => (await reminders(event.id)).some((r) => r.status === 'sent'), 9000);
    const rows = await reminders(event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].eventSequence).toBe(1);
    expect(rows[0].createdAt.getTime()).toBeGreaterThanOrEqual(newFire);
    const kinds = (await dataSourceOf(api).manager.find(NotificationEntity, { where: { eventId: event.id } })).map(
      (n) => n.kind,
    );
    expect(kinds.sort()).toEqual(['event.reminder', 'event.updated']);
    expect(await smtp.parsedFor(alice.email)).toHaveLength(2);
  });

  it('removes the reminder when the event is cancelled: it never arrives', async () => {
    const startsAt = new Date(Date.now() + 4000);
    const { event } = await insertHostedEvent(api, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      reminders: ['PT3S'],
    });
    await register(api, event.id, [{}], { notify: false });
    const before = await synced(event.id);
    await cancelEvent(api, event.id);
    const after = await synced(event.id);
    expect(after.jobIds).toEqual([]);
    expect(await queue.getJob(before.jobIds[0])).toBeUndefined();
    // Past the old reminder time and then some.
    await new Promise((r) => setTimeout(r, Math.max(0, startsAt.getTime() - 3000 - Date.now()) + 1000));
    expect(await reminders(event.id)).toEqual([]);
  });

  it('does nothing when a stale reminder job fires', async () => {
    const startsAt = new Date(Date.now() + 3600_000);
    const { event } = await insertHostedEvent(api, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      reminders: ['PT1H'],
    });
    await register(api, event.id, [{}], { notify: false });
    const s = await synced(event.id);
    const handler = worker.get(FireReminderHandler);
    const stale = await handler.handle({
      eventId: event.id,
      offset: 'PT1H',
      sequence: 0,
      version: s.version - 1,
      fireAt: new Date().toISOString(),
    });
    expect(stale.outcome).toBe('stale');
    const staleSequence = await handler.handle({
      eventId: event.id,
      offset: 'PT1H',
      sequence: -1,
      version: s.version,
      fireAt: new Date().toISOString(),
    });
    expect(staleSequence.outcome).toBe('stale');
    const current = {
      eventId: event.id,
      offset: 'PT1H',
      sequence: 0,
      version: s.version,
      fireAt: new Date().toISOString(),
    };
    expect(await handler.handle(current)).toEqual({ outcome: 'fanned-out', detail: '1 reminder(s) for PT1H' });
    // Twice is harmless: the dedupe key (kind, registration, sequence, offset) holds.
    expect(await handler.handle(current)).toEqual({ outcome: 'fanned-out', detail: '0 reminder(s) for PT1H' });
    await dataSourceOf(api).manager.update(EventEntity, { id: event.id }, { reminders: [] });
    expect((await synced(event.id)).jobIds).toEqual([]);
  });
});
