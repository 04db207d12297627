import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ApiHarness, startApi } from './support/api-harness';
import { consoleSessionCookie, ConsoleSession, organizerConsole } from './support/console';
import { createEvent, publishEvent, sql } from './support/events';
import { createOrganizer, createPartner, TestOrganizer } from './support/factories';
import { startWorker } from './support/notify-fixtures';
import { until } from './support/polling';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const WEBHOOK_ENV = {
  WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
  // The local receiver only: every other private address stays refused.
  WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_SCHEDULE_MS: '100,200,300',
};

/**
 * The organizer's webhooks pages over HTTP: add an endpoint (secret shown
 * once), the SSRF refusal on the form, rotate, enable/disable, delete after a
 * confirmation, the delivery log with paging and "send again", and another
 * partner's organizer kept out (404).
 */
describe('console webhooks (organizer)', () => {
  let api: ApiHarness;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;
  const requests = organizerConsole(() => api);
  const { session } = requests;
  // English unless a test asks otherwise (the console negotiates like the public pages; Japanese first).
  const get = (path: string, s: ConsoleSession) => requests.get(path, s).set('Accept-Language', 'en');
  const post = (path: string, s: ConsoleSession, fields: Record<string, string | string[]>) =>
    requests.post(path, s, fields).set('Accept-Language', 'en');

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

  const partnerWithOrganizer = async () => {
    const partner = await createPartner(api);
    const organizer = await createOrganizer(api, partner);
    return { partner, organizer, console: await session(organizer) };
  };
  const unique = (name: string) => `/${name}-${randomBytes(4).toString('hex')}`;
  const secretIn = (html: string) => /value="(whsec_[A-Za-z0-9+/=]+)"/.exec(html)?.[1];
  const endpointsOf = (organizer: TestOrganizer) =>
    api.http.get('/api/v1/webhooks/endpoints').set(organizer.headers).expect(200);
  const create = async (s: ConsoleSession, url: string, eventTypes: string[] = ['event.published']) =>
    post('/console/webhooks', s, { _csrf: s.csrf, url, eventTypes, enabled: 'on' });
  /** Follows the 303 of a create or rotate to the secret page, shown this once. */
  const shownSecret = async (s: ConsoleSession, res: { status: number; headers: Record<string, string> }) => {
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/console\/webhooks\/[0-9a-f-]{36}\/secret$/);
    const page = await get(res.headers.location, s).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    return { secret: secretIn(page.text), text: page.text, location: res.headers.location };
  };

  it('adds an endpoint and shows its secret once: the list and the endpoint page never show it again', async () => {
    const { organizer, console: s } = await partnerWithOrganizer();
    const path = unique('console');
    const res = await create(s, `${receiver.base}${path}`, ['event.published', 'event.updated']);
    const { secret, location } = await shownSecret(s, res);
    expect(secret).toMatch(/^whsec_/);
    // A reload of the secret page, or another session of the same organizer, does not show it again.
    const reload = await get(location, s).expect(303);
    expect(reload.headers.location).toBe(location.replace(/\/secret$/, ''));
    await get(location, await session(organizer)).expect(303);
    const [endpoint] = (await endpointsOf(organizer)).body;
    expect(endpoint).toMatchObject({ url: `${receiver.base}${path}`, enabled: true });
    expect(endpoint.eventTypes.sort()).toEqual(['event.published', 'event.updated']);
    for (const page of ['/console/webhooks', `/console/webhooks/${endpoint.id}`]) {
      const again = await get(page, s).expect(200);
      expect(again.text).toContain(`${receiver.base}${path}`);
      expect(again.text).not.toContain(secret);
      expect(again.text).not.toContain('whsec_');
    }
    // It is the secret that signs: the receiver verifies a delivery with it.
    const event = await createEvent(api, organizer);
    await publishEvent(api, organizer, event.id);
    await until(() => receiver.on(path).length === 1, 'the delivery');
    const hook = receiver.on(path)[0];
    expect(new Webhook(secret!).verify(hook.body, hook.headers as Record<string, string>)).toMatchObject({
      type: 'event.published',
    });
  });

  it('refuses private, loopback and metadata addresses on the form, keeping what was typed; bad input is 4xx', async () => {
    const { organizer, console: s } = await partnerWithOrganizer();
    for (const url of ['https://10.0.0.1/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/hook']) {
      const res = await create(s, url);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.text).toContain('This URL is refused');
      expect(res.text).toContain(`value="${url}"`);
      expect(res.text).toContain('aria-invalid="true"');
    }
    const ja = await requests
      .post('/console/webhooks', s, { _csrf: s.csrf, url: 'https://192.168.1.10/x', eventTypes: 'event.published' })
      .set('Accept-Language', 'ja');
    expect(ja.status).toBe(400);
    expect(ja.text).toContain('この URL は使えません');
    // No event type, no URL, an unknown type, a URL far too long.
    for (const fields of [
      { url: 'https://203.0.113.9/hook' } as Record<string, string>,
      { eventTypes: 'event.published' },
      { url: 'https://203.0.113.9/hook', eventTypes: 'event.exploded' },
      { url: `https://203.0.113.9/${'x'.repeat(2100)}`, eventTypes: 'event.published' },
    ]) {
      const res = await post('/console/webhooks', s, { _csrf: s.csrf, ...fields });
      expect([fields, res.status]).toEqual([fields, 400]);
      expect(res.text).toContain('Some fields need attention.');
    }
    // Without the CSRF token: refused before anything is written.
    await post('/console/webhooks', s, { url: `${receiver.base}/x`, eventTypes: 'event.published' }).expect(403);
    expect((await endpointsOf(organizer)).body).toEqual([]);
    await get('/console/webhooks/not-a-uuid', s).expect(404);
  });

  it('rotates the secret (shown once, the previous one signing for 24 hours), disables, enables, deletes after a confirmation', async () => {
    const { organizer, console: s } = await partnerWithOrganizer();
    const first = (await shownSecret(s, await create(s, `${receiver.base}${unique('rot')}`))).secret;
    const [{ id }] = (await endpointsOf(organizer)).body;
    const rotated = await shownSecret(s, await post(`/console/webhooks/${id}/rotate`, s, { _csrf: s.csrf }));
    const second = rotated.secret;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(rotated.text).toContain('The previous one still signs');
    const page = await get(`/console/webhooks/${id}`, s).expect(200);
    expect(page.text).toContain('the previous secret still signs until');
    expect(page.text).not.toContain(second);

    await post(`/console/webhooks/${id}/disable`, s, { _csrf: s.csrf })
      .expect(303)
      .expect('location', `/console/webhooks/${id}?done=disabled`);
    expect((await get(`/console/webhooks/${id}`, s)).text).toMatch(/data-testid="state">Disabled</);
    await post(`/console/webhooks/${id}/enable`, s, { _csrf: s.csrf }).expect(303);
    expect((await get(`/console/webhooks/${id}`, s)).text).toMatch(/data-testid="state">Enabled</);

    const confirm = await get(`/console/webhooks/${id}/delete`, s).expect(200);
    expect(confirm.text).toContain('Delete the endpoint');
    expect((await endpointsOf(organizer)).body).toHaveLength(1); // asking deletes nothing
    await post(`/console/webhooks/${id}/delete`, s, { _csrf: s.csrf })
      .expect(303)
      .expect('location', '/console/webhooks?done=deleted');
    expect((await endpointsOf(organizer)).body).toEqual([]);
    expect((await get('/console/webhooks?done=deleted', s)).text).toContain('The endpoint was deleted.');
  });

  it('shows the delivery log (status, latency, attempt, response excerpt) and sends a message again', async () => {
    const { organizer, console: s } = await partnerWithOrganizer();
    const path = unique('log');
    receiver.answer(path, { status: 500 }, { status: 204 });
    await create(s, `${receiver.base}${path}`);
    const [{ id }] = (await endpointsOf(organizer)).body;
    const event = await createEvent(api, organizer);
    await publishEvent(api, organizer, event.id);
    await until(() => receiver.on(path).length === 2, 'a failed attempt, then the delivery');
    await until(async () => {
      const [row] = await sql<{ status: string }>(api, `SELECT status FROM webhook_messages WHERE endpoint_id = $1`, [
        id,
      ]);
      return row?.status === 'delivered';
    }, 'delivered');
    const page = await get(`/console/webhooks/${id}`, s).expect(200);
    const cells = (name: string) =>
      [...page.text.matchAll(new RegExp(`data-testid="${name}">([^<]*)<`, 'g'))].map((m) => m[1]);
    expect(cells('attempt-number')).toEqual(['2', '1']);
    expect(cells('status-code')).toEqual(['204', '500']);
    expect(page.text).toMatch(/data-testid="excerpt">answer 500 x+</);
    expect(page.text).toMatch(/\d+ ms/);
    const [messageId] = (
      await sql<{ id: string }>(api, `SELECT id::text FROM webhook_messages WHERE endpoint_id = $1`, [id])
    ).map((r) => r.id);
    expect(page.text).toContain(`/console/webhooks/${id}/messages/${messageId}/resend`);

    await post(`/console/webhooks/${id}/messages/${messageId}/resend`, s, { _csrf: s.csrf })
      .expect(303)
      .expect('location', `/console/webhooks/${id}?done=resent`);
    await until(() => receiver.on(path).length === 3, 'sent again');
    const ids = new Set(receiver.on(path).map((h) => h.headers['webhook-id']));
    expect(ids.size).toBe(1);
    await until(
      async () => (await get(`/console/webhooks/${id}`, s)).text.split('data-testid="attempt"').length === 4,
      'three rows',
    );
    await post(`/console/webhooks/${id}/messages/99999999/resend`, s, { _csrf: s.csrf }).expect(404);
    await post(`/console/webhooks/${id}/messages/x'1/resend`, s, { _csrf: s.csrf }).expect(404);
  });

  it('pages the delivery log, 20 rows a page', async () => {
    const { organizer, console: s } = await partnerWithOrganizer();
    await create(s, `${receiver.base}${unique('paged')}`);
    const [{ id }] = (await endpointsOf(organizer)).body;
    const [{ id: messageId }] = await sql<{ id: string }>(
      api,
      `INSERT INTO webhook_messages (endpoint_id, msg_id, type, payload, status, relayed_at)
       VALUES ($1, 'msg_paged_' || $2::text, 'event.updated', '{}', 'failed', now()) RETURNING id::text`,
      [id, randomBytes(4).toString('hex')],
    );
    await sql(
      api,
      `INSERT INTO webhook_attempts (message_id, endpoint_id, attempt, status_code, latency_ms)
       SELECT $1, $2, n, 503, 10 FROM generate_series(1, 25) AS n`,
      [messageId, id],
    );
    const first = await get(`/console/webhooks/${id}`, s).expect(200);
    expect(first.text.split('data-testid="attempt"').length - 1).toBe(20);
    expect(first.text).toContain(`href="/console/webhooks/${id}?page=2"`);
    expect(first.text).not.toContain('rel="prev"');
    const second = await get(`/console/webhooks/${id}?page=2`, s).expect(200);
    expect(second.text.split('data-testid="attempt"').length - 1).toBe(5);
    expect(second.text).toContain(`href="/console/webhooks/${id}?page=1"`);
    expect(second.text).not.toContain('rel="next"');
    // A page number that is not one shows the first page.
    expect(
      (await get(`/console/webhooks/${id}?page=abc`, s).expect(200)).text.split('data-testid="attempt"').length - 1,
    ).toBe(20);
  });

  it("keeps an organizer of another partner out of someone else's endpoint (404), and hub admins out of the page (403)", async () => {
    const owner = await partnerWithOrganizer();
    const other = await partnerWithOrganizer();
    await create(owner.console, `${receiver.base}${unique('mine')}`);
    const [{ id }] = (await endpointsOf(owner.organizer)).body;
    const o = other.console;
    await get(`/console/webhooks/${id}`, o).expect(404);
    await get(`/console/webhooks/${id}/delete`, o).expect(404);
    await get(`/console/webhooks/${id}/secret`, o).expect(404); // the owner's grant is still unused
    for (const action of ['rotate', 'disable', 'enable', 'delete', 'messages/1/resend']) {
      await post(`/console/webhooks/${id}/${action}`, o, { _csrf: o.csrf }).expect(404);
    }
    expect((await get('/console/webhooks', o).expect(200)).text).not.toContain(id);
    const [endpoint] = (await endpointsOf(owner.organizer)).body;
    expect(endpoint).toMatchObject({ id, enabled: true, previousSecretExpiresAt: null });

    const admin = await consoleSessionCookie(api, {
      email: `admin-${randomBytes(3).toString('hex')}@hub.example`,
      role: 'admin',
    });
    await get('/console/webhooks', admin).expect(403);
    await api.http.get('/console/webhooks').expect(303);
  });

  it('links the page from the organizer navigation', async () => {
    const { console: s } = await partnerWithOrganizer();
    const dashboard = await get('/console/events', s).expect(200);
    expect(dashboard.text).toContain('href="/console/webhooks"');
  });
});
