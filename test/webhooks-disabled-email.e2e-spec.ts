import { unique } from '@cohost/testing';
import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { CreateWebhookEndpointDto } from '../apps/api/src/webhooks/dto/webhook-endpoint.dto';
import { visibleText } from './support/acceptance';
import { ApiHarness, startApi } from './support/api-harness';
import { createEvent, publishEvent, sql } from './support/events';
import { createOrganizer, createPartner, TestOrganizer } from './support/factories';
import { startSmtpServer, TestSmtpServer } from './support/mail-server';
import { startWorker } from './support/notify-fixtures';
import { until } from './support/polling';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const WEBHOOK_ENV = {
  WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
  WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_SCHEDULE_MS: '100,200,300',
  RATE_LIMIT_REGISTER_PER_MIN: '1000',
  RATE_LIMIT_REGISTER_EMAIL_PER_MIN: '1000',
};

/** A disabled endpoint: the partner's contact address is emailed (webhook.endpoint_disabled), once per disablement. */
describe('webhook endpoint disabled: the partner contact is emailed', () => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let receiver: WebhookReceiver;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    api = await startApi(WEBHOOK_ENV);
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver();
    worker = await startWorker(api, { ...WEBHOOK_ENV, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200' });
  });
  afterAll(async () => {
    await worker?.close();
    await receiver?.close();
    await smtp?.close();
    await api?.close();
  });

  /** A partner with its own contact address, an organizer, a draft and an endpoint on the receiver. */
  const scene = async (answers: Array<{ status: number }>) => {
    const contact = `${unique('contact')}@partner.example`;
    const partner = await createPartner(api, { contactEmail: contact, name: { en: 'Kyoto Bio Cluster' } });
    const organizer: TestOrganizer = await createOrganizer(api, partner);
    const event = await createEvent(api, organizer);
    const path = `/${unique('hook')}`;
    receiver.answer(path, ...answers);
    const res = await api.http
      .post('/api/v1/webhooks/endpoints')
      .set(organizer.headers)
      .send({
        url: `${receiver.base}${path}`,
        eventTypes: ['event.published', 'event.updated'],
      } satisfies CreateWebhookEndpointDto)
      .expect(201);
    return { contact, organizer, event, path, endpoint: res.body as { id: string } };
  };
  const endpointOf = async (organizer: TestOrganizer, id: string) =>
    (await api.http.get(`/api/v1/webhooks/endpoints/${id}`).set(organizer.headers).expect(200)).body;
  const mailsTo = async (address: string, count: number) => {
    await until(async () => (await smtp.parsedFor(address)).length >= count, `${count} email(s) to ${address}`, 15_000);
    return smtp.parsedFor(address);
  };

  it('a 410 Gone disables the endpoint and emails the contact once, in Japanese and English, with the console link', async () => {
    const { contact, organizer, event, path, endpoint } = await scene([{ status: 410 }]);
    await publishEvent(api, organizer, event.id);
    // A second message written before the endpoint went off is skipped, not a second email.
    await api.http.patch(`/api/v1/events/${event.id}`).set(organizer.headers).send({ capacity: 150 }).expect(200);
    const [mail] = await mailsTo(contact, 1);
    expect(await endpointOf(organizer, endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: 'gone',
      disabledAt: expect.any(String),
    });
    expect(mail.subject).toContain(`Webhook endpoint disabled: ${receiver.base}${path}`);
    expect(mail.subject).toContain('Webhook エンドポイントを無効にしました');
    expect(mail.to).toMatchObject({ value: [{ address: contact }] });
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
    const text = visibleText(mail);
    expect(text).toContain('it answered 410 Gone');
    expect(text).toContain('Kyoto Bio Cluster');
    expect(text).toMatch(/\/console\/webhooks/);
    expect(mail.html).toContain('/console/webhooks"');
    await until(async () => {
      const rows = await sql<{ status: string }>(api, `SELECT status FROM webhook_messages WHERE endpoint_id = $1`, [
        endpoint.id,
      ]);
      return rows.length === 2 && rows.every((r) => r.status !== 'pending');
    }, 'both messages settled');
    await new Promise((r) => setTimeout(r, 800));
    expect(await smtp.parsedFor(contact)).toHaveLength(1);
    expect(receiver.on(path)).toHaveLength(1);
    const [row] = await sql(api, `SELECT kind, event_id, status FROM notifications WHERE recipient = $1`, [contact]);
    expect(row).toEqual({ kind: 'webhook.endpoint_disabled', event_id: null, status: 'sent' });

    // Enabled again and gone again: a new disablement, a new email.
    await api.http
      .patch(`/api/v1/webhooks/endpoints/${endpoint.id}`)
      .set(organizer.headers)
      .send({ enabled: true })
      .expect(200);
    expect(await endpointOf(organizer, endpoint.id)).toMatchObject({ enabled: true, disabledAt: null });
    await api.http.patch(`/api/v1/events/${event.id}`).set(organizer.headers).send({ capacity: 160 }).expect(200);
    expect(await mailsTo(contact, 2)).toHaveLength(2);
  });

  it('an endpoint failing for three days is disabled (reason failing) and the contact is emailed', async () => {
    const { contact, organizer, event, endpoint } = await scene([{ status: 503 }]);
    // Its failures began three days ago (the default WEBHOOK_DISABLE_AFTER_MS).
    await sql(api, `UPDATE webhook_endpoints SET failing_since = now() - interval '3 days 1 minute' WHERE id = $1`, [
      endpoint.id,
    ]);
    await publishEvent(api, organizer, event.id);
    const [mail] = await mailsTo(contact, 1);
    expect(await endpointOf(organizer, endpoint.id)).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const text = visibleText(mail);
    expect(text).toContain('its deliveries have failed without a success since');
    expect(text).toContain('Last error: HTTP 503');
    expect(text).toContain('3日間の配信失敗');
  });

  it('an organizer disabling it by hand emails nobody', async () => {
    const { contact, organizer, endpoint } = await scene([{ status: 204 }]);
    await api.http
      .patch(`/api/v1/webhooks/endpoints/${endpoint.id}`)
      .set(organizer.headers)
      .send({ enabled: false })
      .expect(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await sql(api, `SELECT 1 FROM notifications WHERE recipient = $1`, [contact])).toHaveLength(0);
  });
});
