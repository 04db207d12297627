import { WebhookOutbox } from '@cohost/database';
import { WEBHOOK_EVENT_TYPES } from '@cohost/domain';
import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { CreateWebhookEndpointDto } from '../apps/api/src/webhooks/dto/webhook-endpoint.dto';
import { ApiHarness, dataSourceOf, startApi } from './support/api-harness';
import { CohostedEvent, createCohostedEvent, publishEvent, sql } from './support/events';
import { TestOrganizer } from './support/factories';
import { startWorker } from './support/notify-fixtures';
import { until } from './support/polling';
import { registrationBody } from './support/registrations';
import { startPrivateRedis } from './support/private-redis';
import { ReceivedWebhook, startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

/** Every type but `registrant.erased` (tested on its own). */
const ALL_TYPES = WEBHOOK_EVENT_TYPES.filter((t) => t !== 'registrant.erased');

const WEBHOOK_ENV = {
  WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
  // The local receiver only: every other private address stays refused.
  WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_SCHEDULE_MS: '100,200,300',
  RATE_LIMIT_REGISTER_PER_MIN: '1000',
  RATE_LIMIT_REGISTER_EMAIL_PER_MIN: '1000',
};

describe('webhooks', () => {
  let api: ApiHarness;
  let receiver: WebhookReceiver;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    api = await startApi(WEBHOOK_ENV);
    receiver = await startWebhookReceiver();
    worker = await startWorker(api, WEBHOOK_ENV);
  });
  afterAll(async () => {
    await worker?.close();
    await receiver?.close();
    await api?.close();
  });

  const createEndpoint = async (
    organizer: TestOrganizer,
    path: string,
    eventTypes: CreateWebhookEndpointDto['eventTypes'] = ALL_TYPES,
  ) => {
    const res = await api.http
      .post('/api/v1/webhooks/endpoints')
      .set(organizer.headers)
      .send({ url: `${receiver.base}${path}`, eventTypes } satisfies CreateWebhookEndpointDto);
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };

  const verified = (secret: string, hook: ReceivedWebhook) =>
    new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>) as {
      type: string;
      timestamp: string;
      data: Record<string, unknown> & { registration?: Record<string, unknown> };
    };

  const unique = (name: string) => `/${name}-${randomBytes(4).toString('hex')}`;

  it('refuses private, loopback, link-local and metadata addresses and plain http at registration', async () => {
    const { hostOrganizer } = await createCohostedEvent(api, { publish: false });
    for (const url of [
      'https://10.0.0.1/hook',
      'https://172.16.5.4/hook',
      'https://192.168.1.10/hook',
      'https://100.64.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://127.0.0.2/hook',
      'https://[::1]/hook',
      'https://[fd00::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://0.0.0.0/hook',
      'ftp://127.0.0.1/hook',
      'not a url',
    ]) {
      const res = await api.http
        .post('/api/v1/webhooks/endpoints')
        .set(hostOrganizer.headers)
        .send({ url, eventTypes: ['event.published'] } satisfies CreateWebhookEndpointDto);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.code).toMatch(/^webhook_url_/);
    }
    const badTypes = await api.http
      .post('/api/v1/webhooks/endpoints')
      .set(hostOrganizer.headers)
      .send({ url: `${receiver.base}/x`, eventTypes: ['registration.confirmed'] });
    expect(badTypes.status).toBe(400);
  });

  describe('a co-hosted event', () => {
    let scene: CohostedEvent;
    let host: { id: string; secret: string; path: string };
    let cohost: { id: string; secret: string; path: string };

    beforeAll(async () => {
      scene = await createCohostedEvent(api, { publish: false });
      const hostPath = unique('host');
      const cohostPath = unique('cohost');
      host = { ...(await createEndpoint(scene.hostOrganizer, hostPath)), path: hostPath };
      cohost = { ...(await createEndpoint(scene.cohostOrganizer, cohostPath)), path: cohostPath };
      expect(host.secret).toMatch(/^whsec_/);
    });

    it('delivers signed messages in the order of the changes, to host and co-host, without the PII of a non-consenting registrant to the co-host', async () => {
      await publishEvent(api, scene.hostOrganizer, scene.event.id);
      const consenting = registrationBody({ consent: { shareWithCohosts: true } });
      const private_ = registrationBody({
        consent: { shareWithCohosts: false },
        name: 'Ms Private',
        organization: 'Secret Org KK',
      });
      const a = await api.http.post(`/api/v1/events/${scene.event.id}/registrations`).send(consenting).expect(201);
      const b = await api.http.post(`/api/v1/events/${scene.event.id}/registrations`).send(private_).expect(201);
      await api.http
        .post(`/api/v1/events/${scene.event.id}/registrations/${b.body.id}/cancel`)
        .set(scene.hostOrganizer.headers)
        .expect((res) => expect(res.status).toBeLessThan(300));

      const expected = ['event.published', 'registration.created', 'registration.created', 'registration.cancelled'];
      await until(
        () => receiver.on(host.path).length >= 4 && receiver.on(cohost.path).length >= 4,
        'the webhooks of both partners',
      );
      const hostHooks = receiver.on(host.path).map((h) => verified(host.secret, h));
      const cohostHooks = receiver.on(cohost.path).map((h) => verified(cohost.secret, h));
      expect(hostHooks.map((h) => h.type)).toEqual(expected);
      expect(cohostHooks.map((h) => h.type)).toEqual(expected);
      // A co-host's secret does not verify the host's messages.
      expect(() => verified(cohost.secret, receiver.on(host.path)[0])).toThrow();

      // webhook-id is stable per message and the same for every receiver of it.
      const ids = receiver.on(host.path).map((h) => h.headers['webhook-id']);
      expect(new Set(ids).size).toBe(4);
      expect(ids.every((id) => /^msg_[0-9a-f]{32}$/.test(String(id)))).toBe(true);
      expect(receiver.on(cohost.path).map((h) => h.headers['webhook-id'])).toEqual(ids);

      const created = (hooks: typeof hostHooks, id: string) =>
        hooks.find((h) => h.type === 'registration.created' && h.data.registration?.id === id)!;
      // The host sees both registrants.
      expect(created(hostHooks, b.body.id).data.registration).toMatchObject({
        registrant: { name: 'Ms Private', email: private_.email },
      });
      expect(created(hostHooks, a.body.id).data).toMatchObject({ eventId: scene.event.id });
      // The co-host sees the consenting one, and nothing personal of the other, in any message.
      expect(created(cohostHooks, a.body.id).data.registration).toMatchObject({
        registrant: { email: consenting.email },
      });
      expect(created(cohostHooks, b.body.id).data.registration).toEqual({
        id: b.body.id,
        eventId: scene.event.id,
        status: 'confirmed',
      });
      const cohostText = receiver
        .on(cohost.path)
        .map((h) => h.body)
        .join('\n');
      expect(cohostText).not.toContain(private_.email);
      expect(cohostText).not.toContain('Ms Private');
      expect(cohostText).not.toContain('Secret Org KK');

      // Who received whose personal data: the receivers of a later registrant.erased.
      const holders = (id: string) =>
        dataSourceOf(api).transaction((m) => WebhookOutbox.partnersHoldingRegistrant(m, [id]));
      expect((await holders(a.body.id)).sort()).toEqual([scene.host.id, scene.cohost.id].sort());
      expect(await holders(b.body.id)).toEqual([scene.host.id]);
    });

    it('logs each delivery, and sends a message again on request with the same webhook-id', async () => {
      await until(async () => {
        const res = await api.http
          .get(`/api/v1/webhooks/endpoints/${host.id}/deliveries`)
          .set(scene.hostOrganizer.headers);
        return res.body.length >= 4;
      }, 'the delivery log');
      const log = await api.http
        .get(`/api/v1/webhooks/endpoints/${host.id}/deliveries`)
        .set(scene.hostOrganizer.headers)
        .expect(200);
      expect(log.body[0]).toMatchObject({ attempt: 1, statusCode: 204, messageStatus: 'delivered', error: null });
      expect(typeof log.body[0].latencyMs).toBe('number');
      // The co-host's organizers cannot read the host's log.
      await api.http
        .get(`/api/v1/webhooks/endpoints/${host.id}/deliveries`)
        .set(scene.cohostOrganizer.headers)
        .expect(404);

      const first = log.body[log.body.length - 1];
      const before = receiver.on(host.path).length;
      await api.http
        .post(`/api/v1/webhooks/endpoints/${host.id}/messages/${first.messageId}/resend`)
        .set(scene.hostOrganizer.headers)
        .expect(202);
      await until(() => receiver.on(host.path).length > before, 'the message sent again');
      const again = receiver.on(host.path)[before];
      expect(again.headers['webhook-id']).toBe(first.msgId);
      expect(verified(host.secret, again).type).toBe('event.published');
      for (const bad of ['nope', '99999999', "1'--"]) {
        await api.http
          .post(`/api/v1/webhooks/endpoints/${host.id}/messages/${encodeURIComponent(bad)}/resend`)
          .set(scene.hostOrganizer.headers)
          .expect(404);
      }
    });

    it('signs with the old and the new secret for a day after a rotation', async () => {
      const rotated = await api.http
        .post(`/api/v1/webhooks/endpoints/${host.id}/rotate-secret`)
        .set(scene.hostOrganizer.headers)
        .expect(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(host.secret);
      expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600 * 1000);
      const before = receiver.on(host.path).length;
      await api.http
        .patch(`/api/v1/events/${scene.event.id}`)
        .set(scene.hostOrganizer.headers)
        .send({ capacity: 150 })
        .expect(200);
      await until(() => receiver.on(host.path).length > before, 'event.updated');
      const hook = receiver.on(host.path)[before];
      expect(String(hook.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verified(rotated.body.secret, hook).type).toBe('event.updated');
      expect(verified(host.secret, hook).type).toBe('event.updated');
    });
  });

  it('delivers registrant.erased, emitted in a transaction, to exactly the partners named', async () => {
    const { hostOrganizer, cohostOrganizer, host, event } = await createCohostedEvent(api, { publish: false });
    const hostPath = unique('erased-host');
    const cohostPath = unique('erased-cohost');
    const endpoint = await createEndpoint(hostOrganizer, hostPath, ['registrant.erased']);
    await createEndpoint(cohostOrganizer, cohostPath, ['registrant.erased']);
    const written = await dataSourceOf(api).transaction((manager) =>
      WebhookOutbox.emit(manager, {
        type: 'registrant.erased',
        partnerIds: [host.id],
        data: { registrationIds: ['00000000-0000-4000-8000-000000000001'], eventIds: [event.id] },
      }),
    );
    expect(written).toBe(1);
    await until(() => receiver.on(hostPath).length === 1, 'registrant.erased');
    expect(verified(endpoint.secret, receiver.on(hostPath)[0])).toMatchObject({
      type: 'registrant.erased',
      data: { registrationIds: ['00000000-0000-4000-8000-000000000001'] },
    });
    // A rolled-back emission writes nothing.
    await expect(
      dataSourceOf(api).transaction(async (manager) => {
        await WebhookOutbox.emit(manager, { type: 'registrant.erased', partnerIds: [host.id] });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const [{ n }] = await sql<{ n: string }>(api, `SELECT count(*) AS n FROM webhook_messages WHERE endpoint_id = $1`, [
      endpoint.id,
    ]);
    expect(Number(n)).toBe(1);
    expect(receiver.on(cohostPath)).toHaveLength(0);
  });

  it('retries after 500s with the schedule from config, then delivers', async () => {
    const { hostOrganizer, event } = await createCohostedEvent(api, { publish: false });
    const path = unique('flaky');
    receiver.answer(path, { status: 500 }, { status: 500 }, { status: 200 });
    const endpoint = await createEndpoint(hostOrganizer, path, ['event.published']);
    await publishEvent(api, hostOrganizer, event.id);
    await until(() => receiver.on(path).length >= 3, 'three attempts');
    const ids = new Set(receiver.on(path).map((h) => h.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const hook of receiver.on(path)) expect(verified(endpoint.secret, hook).type).toBe('event.published');
    await until(async () => {
      const [row] = await sql<{ status: string }>(api, `SELECT status FROM webhook_messages WHERE endpoint_id = $1`, [
        endpoint.id,
      ]);
      return row?.status === 'delivered';
    }, 'delivered');
    const log = await api.http.get(`/api/v1/webhooks/endpoints/${endpoint.id}/deliveries`).set(hostOrganizer.headers);
    expect(log.body.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode])).toEqual([
      [3, 200],
      [2, 500],
      [1, 500],
    ]);
    expect(log.body[1].responseExcerpt.length).toBeLessThanOrEqual(1024);
    expect(receiver.on(path).length).toBe(3);
  });

  it('disables an endpoint that answers 410 Gone', async () => {
    const { hostOrganizer, event } = await createCohostedEvent(api, { publish: false });
    const path = unique('gone');
    receiver.answer(path, { status: 410 });
    const endpoint = await createEndpoint(hostOrganizer, path, ['event.published', 'event.updated']);
    await publishEvent(api, hostOrganizer, event.id);
    await until(async () => {
      const res = await api.http.get(`/api/v1/webhooks/endpoints/${endpoint.id}`).set(hostOrganizer.headers);
      return res.body.enabled === false;
    }, 'the endpoint disabled');
    const res = await api.http.get(`/api/v1/webhooks/endpoints/${endpoint.id}`).set(hostOrganizer.headers);
    expect(res.body).toMatchObject({ enabled: false, disabledReason: 'gone' });
    expect(receiver.on(path)).toHaveLength(1);
    // Nothing more is written for a disabled endpoint.
    await api.http.patch(`/api/v1/events/${event.id}`).set(hostOrganizer.headers).send({ capacity: 120 }).expect(200);
    const [{ n }] = await sql<{ n: string }>(api, `SELECT count(*) AS n FROM webhook_messages WHERE endpoint_id = $1`, [
      endpoint.id,
    ]);
    expect(Number(n)).toBe(1);
    // Its organizers enable it again once the receiver is fixed.
    const enabled = await api.http
      .patch(`/api/v1/webhooks/endpoints/${endpoint.id}`)
      .set(hostOrganizer.headers)
      .send({ enabled: true })
      .expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const { hostOrganizer, event } = await createCohostedEvent(api, { publish: false });
    const path = unique('moved');
    const target = unique('target');
    receiver.answer(path, { status: 302, location: `${receiver.base}${target}` });
    const endpoint = await createEndpoint(hostOrganizer, path, ['event.published']);
    await publishEvent(api, hostOrganizer, event.id);
    await until(async () => {
      const [row] = await sql<{ status: string }>(api, `SELECT status FROM webhook_messages WHERE endpoint_id = $1`, [
        endpoint.id,
      ]);
      return row?.status === 'failed';
    }, 'the message failed after its retries');
    expect(receiver.on(path)).toHaveLength(4);
    expect(receiver.on(target)).toHaveLength(0);
  });

  it('loses nothing when Redis is down at commit: the message waits in PostgreSQL and goes out once Redis is back', async () => {
    const redis = await startPrivateRedis();
    // A worker of its own on a Redis that can be stopped (the shared worker is on the shared Redis).
    const own = await startWorker(api, { ...WEBHOOK_ENV, REDIS_URL: redis.url, OUTBOX_POLL_MS: '300' });
    const other = worker;
    await other.close();
    try {
      const { hostOrganizer, event } = await createCohostedEvent(api, { publish: false });
      const path = unique('outage');
      const endpoint = await createEndpoint(hostOrganizer, path, ['event.published']);
      await redis.stop();
      await publishEvent(api, hostOrganizer, event.id);
      await new Promise((r) => setTimeout(r, 1000));
      const [waiting] = await sql<{ relayed_at: Date | null; status: string }>(
        api,
        `SELECT relayed_at, status FROM webhook_messages WHERE endpoint_id = $1`,
        [endpoint.id],
      );
      expect(waiting).toEqual({ relayed_at: null, status: 'pending' });
      expect(receiver.on(path)).toHaveLength(0);
      await redis.start();
      await until(() => receiver.on(path).length === 1, 'the message after Redis returned', 20_000);
      expect(verified(endpoint.secret, receiver.on(path)[0]).type).toBe('event.published');
    } finally {
      await own.close();
      await redis.stop();
      worker = await startWorker(api, WEBHOOK_ENV);
    }
  }, 40_000);
});
