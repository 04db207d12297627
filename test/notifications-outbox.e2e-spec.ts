import { EventEntity, NotificationEntity, pgPool, RegistrationEntity } from '@cohost/database';
import { bullConnection, JobContext, jobIds, QUEUES } from '@cohost/queue';
import { unique } from '@cohost/testing';
import { INestApplicationContext } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { LedgerStatements } from '../apps/worker/src/mail/ledger-statements';
import { SecretMinter } from '../apps/worker/src/mail/secret-minter';
import { SendNotificationHandler, SendNotificationsHandler } from '../apps/worker/src/mail/send-notification.handler';
import { OutboxRelay } from '../apps/worker/src/outbox/outbox-relay.service';
import { ApiHarness, dataSourceOf, startApi } from './support/api-harness';
import { createOrganizer, createPartner, insertCohost, insertHostedEvent, JOIN_URL_PREFIX } from './support/factories';
import { eventually, startSmtpServer, TestSmtpServer } from './support/mail-server';
import { notificationsOf, register, seedFanOut, startWorker } from './support/notify-fixtures';
import { writeRegistrationOutbox } from './support/factories';

describe('notification outbox, ledger and API', () => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let redis: Redis;
  let mailQueue: Queue;

  beforeAll(async () => {
    api = await startApi();
    smtp = await startSmtpServer();
    redis = new Redis(api.config.redis.url);
    mailQueue = new Queue(QUEUES.mail, { connection: redis, prefix: api.config.redis.queuePrefix });
  });
  afterAll(async () => {
    await mailQueue.close();
    redis.disconnect();
    await smtp.close();
    await api.close();
  });

  const relayJobOf = async (notificationId: string): Promise<string> => {
    const [row]: Array<{ relay_job: string }> = await dataSourceOf(api).query(
      `SELECT relay_job FROM notifications WHERE id = $1`,
      [notificationId],
    );
    return row.relay_job;
  };

  const withWorker = async <T>(
    run: (worker: INestApplicationContext) => Promise<T>,
    env: Record<string, string> = {},
  ) => {
    const worker = await startWorker(api, { SMTP_URL: smtp.url, ...env });
    try {
      return await run(worker);
    } finally {
      await worker.close();
    }
  };

  /** Sends an event's pending rows while the server answers 451 (for `failures` answers) and 550 to `bounce`. */
  const sendThroughA451Spell = async (eventId: string, bounce: string, failures: number) => {
    smtp.behave({ tempFail: true, reject: [bounce] });
    const failuresBefore = smtp.tempFailures();
    await withWorker(async () => {
      await eventually(() => smtp.tempFailures() >= failuresBefore + failures);
      smtp.behave({ tempFail: false });
      await eventually(async () => (await notificationsOf(api, eventId)).every((n) => n.status !== 'pending'));
    });
    smtp.behave({ reject: [] });
  };

  /** The 550 row failed at its first attempt with the error; every other row was sent once, after retries. */
  const expectRetriedAndBounced = async (eventId: string, people: Array<{ email: string }>, bounce: string) => {
    const rows = await notificationsOf(api, eventId);
    const failed = rows.find((r) => r.recipient === bounce)!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError).toMatch(/550/);
    for (const r of rows.filter((r) => r !== failed)) {
      expect(r).toMatchObject({ status: 'sent', lastError: null });
      expect(r.attempts).toBeGreaterThan(1);
    }
    for (const p of people.filter((p) => p.email !== bounce)) expect(await smtp.parsedFor(p.email)).toHaveLength(1);
    expect(await smtp.parsedFor(bounce)).toHaveLength(0);
  };

  it('writes no row and queues no job when the transaction rolls back', async () => {
    const { event } = await insertHostedEvent(api);
    await expect(
      dataSourceOf(api).transaction(async (manager) => {
        await register(api, event.id, [{}], { manager });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await withWorker(async (worker) => {
      await worker.get(OutboxRelay).drain();
    });
    expect(await notificationsOf(api, event.id)).toEqual([]);
    expect(await dataSourceOf(api).manager.countBy(RegistrationEntity, { eventId: event.id })).toBe(0);
  });

  it('sends one confirmation per registrant, recorded in the ledger and shown by the API', async () => {
    const { event, organizer } = await insertHostedEvent(api);
    const [alice] = await register(api, event.id, [{ email: `alice-${event.slug}@member.example` }]);
    await withWorker(async () => {
      await eventually(async () => (await notificationsOf(api, event.id))[0]?.status === 'sent');
    });
    const [row] = await notificationsOf(api, event.id);
    expect(row).toMatchObject({ kind: 'registration.confirmed', status: 'sent', attempts: 1, lastError: null });
    expect(row.smtpMessageId).toMatch(new RegExp(`^<n${row.id}\\.${event.id}@cohost\\.example>$`));
    expect(row.relayedAt).not.toBeNull();
    const mails = await smtp.parsedFor(alice.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].messageId).toBe(row.smtpMessageId);

    const res = await api.http.get(`/api/v1/events/${event.id}/notifications`).set(organizer.headers).expect(200);
    expect(res.body).toEqual({
      items: [
        {
          id: row.id,
          kind: 'registration.confirmed',
          recipient: alice.email,
          status: 'sent',
          attempts: 1,
          lastError: null,
          smtpMessageId: row.smtpMessageId,
          sentAt: row.sentAt!.toISOString(),
          eventSequence: 0,
          createdAt: row.createdAt.toISOString(),
          recipientSuppressed: null,
        },
      ],
      total: 1,
      page: 1,
      perPage: 50,
    });
  });

  it('checks and writes the ledger of concurrent jobs in one statement, marking only pending rows', async () => {
    const { event } = await insertHostedEvent(api);
    await register(api, event.id, [{}, {}, {}]);
    const [a, b, c] = (await notificationsOf(api, event.id)).sort((x, y) => Number(x.id) - Number(y.id));
    const dataSource = dataSourceOf(api);
    const ledger = new LedgerStatements(dataSource);
    const query = jest.spyOn(pgPool(dataSource), 'query');
    try {
      // Asked in one turn: two loads, one mark, and a load of a row that does not exist.
      const [loadedA, loadedB, , missing] = await Promise.all([
        ledger.load(a.id),
        ledger.load(b.id),
        ledger.markSent(c.id, '<first@cohost.example>'),
        ledger.load('999999999'),
      ]);
      expect(query).toHaveBeenCalledTimes(1);
      expect(loadedA?.notification).toMatchObject({ id: a.id, status: 'pending', eventId: event.id });
      expect(loadedA?.registration?.id).toBe(a.registrationId);
      expect(loadedA?.stamp?.eventId).toBe(event.id);
      expect(loadedB?.notification.id).toBe(b.id);
      expect(missing).toBeNull();
      // Marking again (a job run twice) leaves the first mark as it was.
      await ledger.markSent(c.id, '<second@cohost.example>');
      expect(await ledger.load(c.id)).toMatchObject({ notification: { id: c.id, status: 'sent' } });
    } finally {
      query.mockRestore();
    }
    const marked = await dataSource.manager.findOneByOrFail(NotificationEntity, { id: c.id });
    expect(marked).toMatchObject({ status: 'sent', smtpMessageId: '<first@cohost.example>', attempts: 1 });
    expect(marked.sentAt).toBeInstanceOf(Date);
  });

  it('sends once when the processor runs twice for one job, and skips a completed job added again', async () => {
    const { event } = await insertHostedEvent(api);
    const [bob] = await register(api, event.id, [{}]);
    await withWorker(async (worker) => {
      await eventually(async () => (await notificationsOf(api, event.id))[0]?.status === 'sent');
      const [row] = await notificationsOf(api, event.id);
      const jobId = await relayJobOf(row.id);
      // The same job body run again (a killed worker's job taken up again).
      const handler = worker.get(SendNotificationHandler);
      const again = await handler.handle({ notificationId: row.id }, jobContext(jobId, 2, 5));
      expect(again).toEqual({ outcome: 'already-sent' });
      // A completed job removed, then the same id added again: it runs, and the ledger skips it.
      await eventually(async () => (await mailQueue.getJobState(jobId)) === 'completed');
      await mailQueue.remove(jobId);
      const job = await mailQueue.add('send-notification', { notificationId: row.id }, { jobId });
      await eventually(async () => (await mailQueue.getJobState(jobId)) === 'completed');
      expect((await mailQueue.getJob(job.id!))?.returnvalue).toEqual({ outcome: 'already-sent' });
    });
    expect(await smtp.parsedFor(bob.email)).toHaveLength(1);
    expect(await dataSourceOf(api).manager.countBy(NotificationEntity, { eventId: event.id })).toBe(1);
  });

  it('relays a fan-out in jobs of MAIL_BATCH_SIZE rows, each row recording the one job that may send it', async () => {
    const { event, people } = await seedFanOut(api, 7);
    await withWorker(
      async () => {
        await eventually(async () => (await notificationsOf(api, event.id)).every((n) => n.status === 'sent'));
      },
      { MAIL_BATCH_SIZE: '3' },
    );
    const rows: Array<{ id: string; relay_job: string }> = await dataSourceOf(api).query(
      `SELECT id, relay_job FROM notifications WHERE event_id = $1 ORDER BY id`,
      [event.id],
    );
    const groups = new Map<string, typeof rows>();
    for (const row of rows) groups.set(row.relay_job, [...(groups.get(row.relay_job) ?? []), row]);
    expect([...groups.values()].map((g) => g.length)).toEqual([3, 3, 1]);
    for (const jobId of groups.keys()) {
      expect(jobId).toMatch(/^nb-\d+-\d$/);
      const job = await mailQueue.getJob(jobId);
      expect(job?.name).toBe('send-notifications');
      expect(job?.data).toEqual({ notificationIds: groups.get(jobId)!.map((r) => String(r.id)) });
      expect(job?.returnvalue).toEqual({ outcome: 'batch', detail: `sent ${groups.get(jobId)!.length}` });
    }
    for (const p of people) expect(await smtp.parsedFor(p.email)).toHaveLength(1);
  });

  it('makes the same send enqueued twice one job, and refuses ids with ":"', async () => {
    const id = jobIds.notification('999999');
    await mailQueue.add('send-notification', { notificationId: '999999' }, { jobId: id, delay: 60_000 });
    await mailQueue.add('send-notification', { notificationId: '999999' }, { jobId: id, delay: 60_000 });
    expect((await mailQueue.getDelayed()).filter((j) => j.id === id)).toHaveLength(1);
    await mailQueue.remove(id);
    await expect(mailQueue.add('send-notification', { notificationId: '1' }, { jobId: '1' })).rejects.toThrow(
      'cannot be integers',
    );
    await expect(mailQueue.add('send-notification', { notificationId: '1' }, { jobId: 'n:1' })).rejects.toThrow(
      'cannot contain :',
    );
  });

  it('delivers once when the relay died after enqueueing and before marking the rows', async () => {
    const { event } = await insertHostedEvent(api);
    const people = await register(api, event.id, [{}, {}, {}]);
    const rows = await notificationsOf(api, event.id);
    const ids = rows.map((r) => r.id);
    // The state a relay leaves when it dies between addBulk and COMMIT: jobs queued, rows unmarked. Here two
    // passes died, grouping the rows differently: a batch of all three and a job of the first row alone.
    await mailQueue.addBulk([
      { name: 'send-notifications', data: { notificationIds: ids }, opts: { jobId: 'nb-999999-1' } },
      { name: 'send-notification', data: { notificationId: ids[0] }, opts: { jobId: jobIds.notification(ids[0]) } },
    ]);
    await withWorker(async () => {
      await eventually(async () =>
        (await notificationsOf(api, event.id)).every((n) => n.relayedAt && n.status === 'sent'),
      );
      // Let the relay's re-added jobs (or their skips) run.
      await eventually(async () => (await mailQueue.getJobCounts('wait', 'active', 'delayed')).wait === 0);
    });
    for (const p of people) expect(await smtp.parsedFor(p.email)).toHaveLength(1);
    // Each row was sent by the one job recorded on it.
    const sentBy: Array<{ relay_job: string }> = await dataSourceOf(api).query(
      `SELECT relay_job FROM notifications WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    expect(sentBy.every((r) => r.relay_job !== null)).toBe(true);
  });

  it('re-adds a batch whose job Redis lost under its recorded id, with its rows still pending', async () => {
    const { event } = await insertHostedEvent(api);
    const people = await register(api, event.id, [{}, {}, {}]);
    const ids = (await notificationsOf(api, event.id)).map((n) => n.id).sort((x, y) => Number(x) - Number(y));
    // Relayed as one batch long ago, the first row sent since; the job is gone from Redis.
    await dataSourceOf(api).query(
      `UPDATE notifications SET relayed_at = now() - interval '10 minutes', relay_job = 'nb-888888-1' WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    await dataSourceOf(api).query(`UPDATE notifications SET status = 'sent' WHERE id = $1`, [ids[0]]);
    await withWorker(async (worker) => {
      expect(await worker.get(OutboxRelay).requeueStale()).toBe(2);
      await eventually(async () => (await notificationsOf(api, event.id)).every((n) => n.status === 'sent'));
      const job = await mailQueue.getJob('nb-888888-1');
      expect(job?.data).toEqual({ notificationIds: ids.slice(1) });
    });
    const received = await Promise.all(people.map(async (p) => (await smtp.parsedFor(p.email)).length));
    expect(received.sort()).toEqual([0, 1, 1]);
  });

  it('retries a job BullMQ gave up on while its rows were still pending', async () => {
    const { event } = await insertHostedEvent(api);
    const people = await register(api, event.id, [{}, {}]);
    const ids = (await notificationsOf(api, event.id)).map((n) => n.id).sort((x, y) => Number(x) - Number(y));
    const jobId = 'nb-777777-1';
    await dataSourceOf(api).query(
      `UPDATE notifications SET relayed_at = now() - interval '10 minutes', relay_job = $2 WHERE id = ANY($1::bigint[])`,
      [ids, jobId],
    );
    // The job failed without touching its rows (its worker stalled too often, or PostgreSQL was away each time).
    await mailQueue.add('send-notifications', { notificationIds: ids }, { jobId, attempts: 1 });
    const failing = new Worker(
      QUEUES.mail,
      (job) => (job.id === jobId ? Promise.reject(new UnrecoverableError('PostgreSQL away')) : Promise.resolve()),
      { connection: bullConnection(api.config.redis.url, 'worker'), prefix: api.config.redis.queuePrefix },
    );
    try {
      await eventually(async () => (await mailQueue.getJobState(jobId)) === 'failed');
    } finally {
      await failing.close();
    }
    await withWorker(async (worker) => {
      expect(await worker.get(OutboxRelay).requeueStale()).toBe(2);
      await eventually(async () => (await notificationsOf(api, event.id)).every((n) => n.status === 'sent'));
      expect(await mailQueue.getJobState(jobId)).toBe('completed');
    });
    for (const p of people) expect(await smtp.parsedFor(p.email)).toHaveLength(1);
  });

  it('counts an attempt that failed before reaching SMTP, and fails the row after the last one', async () => {
    const { event } = await insertHostedEvent(api);
    await register(api, event.id, [{}]);
    const [row] = await notificationsOf(api, event.id);
    const jobId = 'n-test-render';
    await dataSourceOf(api).query(`UPDATE notifications SET relayed_at = now(), relay_job = $2 WHERE id = $1`, [
      row.id,
      jobId,
    ]);
    await withWorker(async (worker) => {
      jest.spyOn(worker.get(SecretMinter), 'cancelToken').mockRejectedValue(new Error('template bug'));
      const handler = worker.get(SendNotificationHandler);
      await expect(handler.handle({ notificationId: row.id }, jobContext(jobId, 1, 2))).rejects.toThrow('template bug');
      expect((await notificationsOf(api, event.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
      await expect(handler.handle({ notificationId: row.id }, jobContext(jobId, 2, 2))).rejects.toThrow('template bug');
    });
    expect((await notificationsOf(api, event.id))[0]).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'template bug',
    });
  });

  it('lets only the job recorded on a row send it, and a job claims rows no job has yet', async () => {
    const { event } = await insertHostedEvent(api);
    const people = await register(api, event.id, [{}, {}, {}]);
    const rows = (await notificationsOf(api, event.id)).sort((x, y) => Number(x.id) - Number(y.id));
    const [a, b, c] = rows.map((n) => n.id);
    // a is another job's; b and c belong to no job yet (their relay has not committed, or died).
    await dataSourceOf(api).query(`UPDATE notifications SET relayed_at = now(), relay_job = 'nb-1-1' WHERE id = $1`, [
      a,
    ]);
    await dataSourceOf(api).query(`UPDATE notifications SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [[b, c]]);
    await withWorker(async (worker) => {
      const handler = worker.get(SendNotificationsHandler);
      const context = jobContext('nb-2-1', 1, 5);
      expect(await handler.handle({ notificationIds: [a, b, c] }, context)).toEqual({
        outcome: 'batch',
        detail: 'other-job 1, sent 2',
      });
      // The same job again (taken up after a crash): nothing is sent twice.
      expect(await handler.handle({ notificationIds: [a, b, c] }, context)).toEqual({
        outcome: 'batch',
        detail: 'other-job 1, already-sent 2',
      });
    });
    const received = await Promise.all(rows.map(async (r) => (await smtp.parsedFor(r.recipient)).length));
    expect(received).toEqual([0, 1, 1]);
    expect(people.map((p) => p.email.toLowerCase()).sort()).toEqual(rows.map((r) => r.recipient.toLowerCase()).sort());
    const owners: Array<{ relay_job: string }> = await dataSourceOf(api).query(
      `SELECT relay_job FROM notifications WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [[a, b, c]],
    );
    expect(owners.map((o) => o.relay_job)).toEqual(['nb-1-1', 'nb-2-1', 'nb-2-1']);
  });

  it('retries a 451 until the server recovers, and fails a 550 at once with the error in the API', async () => {
    const { event, organizer } = await insertHostedEvent(api);
    const bounce = `nobody-${event.slug}@member.example`;
    const people = await register(api, event.id, [{}, { email: bounce }, {}]);
    await sendThroughA451Spell(event.id, bounce, 4);
    await expectRetriedAndBounced(event.id, people, bounce);

    const res = await api.http
      .get(`/api/v1/events/${event.id}/notifications?status=failed`)
      .set(organizer.headers)
      .expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({ recipient: bounce, status: 'failed', attempts: 1 });
    expect(res.body.items[0].lastError).toMatch(/550/);
  });

  it('retries only the rows of a batch that met a 451, and fails its 550 row at once', async () => {
    const bounce = `nobody-${unique('fanout')}@member.example`;
    const { event, people } = await seedFanOut(api, [{}, { email: bounce }, {}, {}]);
    await sendThroughA451Spell(event.id, bounce, 6);
    await expectRetriedAndBounced(event.id, people, bounce);
    const rows = await notificationsOf(api, event.id);
    const [jobId, ...others] = new Set(await Promise.all(rows.map((r) => relayJobOf(r.id))));
    expect(others).toEqual([]);
    expect(jobId).toMatch(/^nb-/);
    expect((await mailQueue.getJob(jobId))?.returnvalue).toEqual({
      outcome: 'batch',
      detail: 'sent 3, already-failed 1',
    });
  });

  it('marks a message failed after the last attempt of a temporary error', async () => {
    const { event } = await insertHostedEvent(api);
    await register(api, event.id, [{}]);
    smtp.behave({ tempFail: true });
    try {
      await withWorker(
        async () => {
          await eventually(async () => (await notificationsOf(api, event.id))[0]?.status === 'failed');
        },
        { MAIL_ATTEMPTS: '3' },
      );
    } finally {
      smtp.behave({ tempFail: false });
    }
    const [row] = await notificationsOf(api, event.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.lastError).toMatch(/451/);
  });

  it('never puts the join link or a secret in job data in Redis', async () => {
    const { event } = await insertHostedEvent(api, { waitlist: true });
    await register(api, event.id, [{}, { status: 'waitlisted' }]);
    await withWorker(async () => {
      await eventually(async () => (await notificationsOf(api, event.id)).every((n) => n.status === 'sent'));
    });
    const keys = await redis.keys(`${api.config.redis.queuePrefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    let jobs = 0;
    for (const key of keys) {
      if ((await redis.type(key)) !== 'hash') continue;
      const hash = await redis.hgetall(key);
      if (hash.data === undefined) continue;
      jobs++;
      expect(hash.data).not.toContain(JOIN_URL_PREFIX);
      expect(hash.data).not.toMatch(/token|code|@/i);
      expect(JSON.stringify(hash)).not.toContain(event.joinUrl);
    }
    expect(jobs).toBeGreaterThan(0);
  });

  it('pages, filters, and lets only the host, accepted co-hosts and the admin read', async () => {
    const { event, organizer } = await insertHostedEvent(api);
    const cohost = await createPartner(api, { country: 'DK', timezone: 'Europe/Copenhagen' });
    const cohostOrganizer = await createOrganizer(api, cohost);
    await insertCohost(api, event.id, cohost.id);
    await register(api, event.id, [{ shareWithCohosts: true }, {}, {}], { notify: true });
    const page = await api.http
      .get(`/api/v1/events/${event.id}/notifications?perPage=2&page=2`)
      .set(organizer.headers)
      .expect(200);
    expect(page.body).toMatchObject({ total: 3, page: 2, perPage: 2 });
    expect(page.body.items).toHaveLength(1);
    await api.http.get(`/api/v1/events/${event.id}/notifications?status=pending`).set(api.admin).expect(200);
    const shared = await api.http
      .get(`/api/v1/events/${event.id}/notifications`)
      .set(cohostOrganizer.headers)
      .expect(200);
    expect(shared.body.total).toBe(1);

    const outsider = await createOrganizer(api, await createPartner(api));
    await api.http.get(`/api/v1/events/${event.id}/notifications`).set(outsider.headers).expect(403);
    await api.http.get(`/api/v1/events/${event.id}/notifications`).expect(401);
    const bad = await api.http
      .get(`/api/v1/events/${event.id}/notifications?status=lost&perPage=0`)
      .set(organizer.headers)
      .expect(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([expect.stringContaining('status must be one of'), expect.stringContaining('perPage')]),
    );
    await api.http
      .get(`/api/v1/events/00000000-0000-4000-8000-000000000000/notifications`)
      .set(organizer.headers)
      .expect(404);
    await dataSourceOf(api).manager.update(EventEntity, { id: event.id }, { status: 'cancelled' });
  });

  it('writes the outbox row and its NOTIFY only on commit (no job for an uncommitted row)', async () => {
    const { event } = await insertHostedEvent(api);
    await withWorker(async () => {
      const qr = dataSourceOf(api).createQueryRunner();
      await qr.connect();
      await qr.startTransaction();
      try {
        const [reg] = await register(api, event.id, [{}], { manager: qr.manager, notify: false });
        await writeRegistrationOutbox(qr.manager, 'registration.confirmed', [reg.id]);
        // Two poll periods with the row written but not committed: the relay must not see it.
        await new Promise((r) => setTimeout(r, 1200));
        expect(await mailQueue.getJobCounts('wait', 'active', 'completed', 'delayed')).toEqual(
          expect.objectContaining({ wait: 0, active: 0, delayed: 0 }),
        );
        const seen = await dataSourceOf(api).manager.countBy(NotificationEntity, { eventId: event.id });
        expect(seen).toBe(0);
        await qr.commitTransaction();
      } finally {
        await qr.release();
      }
      await eventually(async () => (await notificationsOf(api, event.id))[0]?.status === 'sent');
    });
  });
});

/** A job's context for calling a handler directly; such a job is never postponed. */
function jobContext(jobId: string, attempt: number, maxAttempts: number): JobContext {
  return { jobId, attempt, maxAttempts, postpone: () => Promise.reject(new Error(`${jobId} was postponed`)) };
}
