import { WorkerMetrics } from '@cohost/metrics';
import { unique } from '@cohost/testing';
import { INestApplicationContext } from '@nestjs/common';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import type { RetryNotificationsDto } from '../apps/api/src/notifications/dto/notification.dto';
import { ApiHarness, startApi } from './support/api-harness';
import { eventually, startSmtpServer, TestSmtpServer } from './support/mail-server';
import { notificationsOf, register, startWorker } from './support/notify-fixtures';
import { createOrganizer, createPartner, insertHostedEvent } from './support/factories';
import { freePort } from './support/processes';

/**
 * Issue 17 item 10: an SMTP server that cannot be reached uses up no
 * attempts, however long it is away; a message the server refused (5xx) is
 * failed and a hub admin or the event's organizer can send it again through
 * the queue.
 */
describe('SMTP outage and resending failed messages', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('keeps messages pending with their attempts while the server is down for longer than MAIL_ATTEMPTS x backoff, then delivers each once', async () => {
    const port = await freePort();
    // 2 attempts 100 ms apart would fail every message within half a second of a plain retry policy.
    const worker: INestApplicationContext = await startWorker(api, {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_ATTEMPTS: '2',
      MAIL_RETRY_DELAY_MS: '100',
      MAIL_OUTAGE_MAX_DELAY_MS: '400',
      OUTBOX_POLL_MS: '200',
    });
    let smtp: TestSmtpServer | undefined;
    try {
      const { event } = await insertHostedEvent(api);
      const people = await register(api, event.id, [{}, {}, {}]);
      // The rows wait: attempted (the error is noted), never counted, never failed.
      await eventually(async () =>
        (await notificationsOf(api, event.id)).every((n) => n.lastError?.startsWith('SMTP server unreachable')),
      );
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const waiting = await notificationsOf(api, event.id);
      expect(waiting).toHaveLength(3);
      for (const n of waiting) expect(n).toMatchObject({ status: 'pending', attempts: 0 });

      smtp = await startSmtpServer({}, { port });
      await eventually(async () => (await notificationsOf(api, event.id)).every((n) => n.status === 'sent'), 15_000);
      for (const n of await notificationsOf(api, event.id)) expect(n).toMatchObject({ attempts: 1, lastError: null });
      for (const p of people) expect(await smtp.parsedFor(p.email)).toHaveLength(1);
    } finally {
      await worker.close();
      await smtp?.close();
    }
  });

  it('treats a 421 "service not available" server as an outage: no attempt used, exported as cohost_smtp_unreachable until it is back', async () => {
    const port = await freePort();
    // RFC 5321's "421 Service not available, closing transmission channel", to every connection.
    const sockets = new Set<Socket>();
    const busy = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.end('421 4.3.2 busy.example Service not available, closing transmission channel\r\n');
    });
    busy.listen(port, '127.0.0.1');
    await once(busy, 'listening');
    const worker = await startWorker(api, {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_ATTEMPTS: '2',
      MAIL_RETRY_DELAY_MS: '100',
      MAIL_OUTAGE_MAX_DELAY_MS: '400',
      OUTBOX_POLL_MS: '200',
    });
    const metric = async (name: string) =>
      (await worker.get(WorkerMetrics).registry.getSingleMetric(name)!.get()).values[0]?.value ?? 0;
    let smtp: TestSmtpServer | undefined;
    try {
      expect(await metric('cohost_smtp_unreachable')).toBe(0);
      const { event } = await insertHostedEvent(api);
      const people = await register(api, event.id, [{}, {}]);
      await eventually(async () =>
        (await notificationsOf(api, event.id)).every((n) => /^SMTP server unreachable: .*421/.test(n.lastError ?? '')),
      );
      await new Promise((resolve) => setTimeout(resolve, 2000));
      for (const n of await notificationsOf(api, event.id)) expect(n).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await metric('cohost_smtp_unreachable')).toBe(1);
      // More failures than MAIL_ATTEMPTS x rows: none of them used an attempt.
      expect(await metric('cohost_smtp_connection_failures_total')).toBeGreaterThan(4);

      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => busy.close(() => resolve()));
      smtp = await startSmtpServer({}, { port });
      await eventually(async () => (await notificationsOf(api, event.id)).every((n) => n.status === 'sent'), 15_000);
      for (const p of people) expect(await smtp.parsedFor(p.email)).toHaveLength(1);
      expect(await metric('cohost_smtp_unreachable')).toBe(0);
    } finally {
      await worker.close();
      await smtp?.close();
      if (busy.listening) await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('resends a message failed with 550 once, through the queue, when a hub admin or an organizer asks', async () => {
    const smtp = await startSmtpServer();
    const worker = await startWorker(api, { SMTP_URL: smtp.url });
    try {
      const { event, organizer } = await insertHostedEvent(api);
      const refusedEmail = `${unique('refused')}@member.example`;
      smtp.behave({ reject: [refusedEmail] });
      const [refused, fine] = await register(api, event.id, [{ email: refusedEmail }, {}]);
      await eventually(async () =>
        (await notificationsOf(api, event.id)).every((n) => n.status === 'sent' || n.status === 'failed'),
      );
      const failed = (await notificationsOf(api, event.id)).find((n) => n.status === 'failed')!;
      expect(failed.recipient).toBe(refused.email);

      // Only the event's parties (an organizer of another partner: 403); bad ids are refused.
      const url = `/api/v1/events/${event.id}/notifications/retry`;
      const stranger = await createOrganizer(api, await createPartner(api, { name: { en: 'Osaka' } }));
      await api.http.post(url).set(stranger.headers).send({}).expect(403);
      for (const ids of ['1', [1], ['abc'], ['0'], [null], [{}]]) {
        const res = await api.http.post(url).set(organizer.headers).send({ ids }).expect(400);
        expect(JSON.stringify(res.body)).toContain('ids');
      }

      smtp.behave({ reject: [] });
      const res = await api.http
        .post(url)
        .set(api.admin)
        .send({ ids: [failed.id] } satisfies RetryNotificationsDto)
        .expect(202);
      expect(res.body).toEqual({ retried: 1, ids: [failed.id] });
      await eventually(async () => (await notificationsOf(api, event.id)).every((n) => n.status === 'sent'));
      // Asking again (all failed messages of the event) finds none: nothing goes out twice.
      expect((await api.http.post(url).set(organizer.headers).send({}).expect(202)).body).toEqual({
        retried: 0,
        ids: [],
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await smtp.parsedFor(refused.email)).toHaveLength(1);
      expect(await smtp.parsedFor(fine.email)).toHaveLength(1);
    } finally {
      await worker.close();
      await smtp.close();
    }
  });
});
