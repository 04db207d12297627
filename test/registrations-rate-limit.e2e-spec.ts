import type { EventEntity } from '@cohost/database';
import { ApiHarness, startApi } from './support/api-harness';
import { createPartner, insertEvent } from './support/factories';
import { registrationBody, startSecondInstance } from './support/registrations';

describe('rate limits on the public registration routes', () => {
  let api: ApiHarness;
  let second: Awaited<ReturnType<typeof startSecondInstance>>;
  let event: EventEntity;

  beforeAll(async () => {
    api = await startApi({
      TRUST_PROXY: 'true',
      RATE_LIMIT_REGISTER_PER_MIN: '4',
      RATE_LIMIT_REGISTER_EMAIL_PER_MIN: '2',
      RATE_LIMIT_CANCEL_PER_MIN: '3',
    });
    second = await startSecondInstance(api);
    event = await insertEvent(api, (await createPartner(api)).id);
  });
  afterAll(async () => {
    await second?.close();
    await api?.close();
  });

  // Each test speaks from its own client address, so their counters are apart.
  const from = (ip: string, instance: { http: ApiHarness['http'] } = api) => ({
    register: (email = `${Math.random().toString(36).slice(2)}@example.jp`) =>
      instance.http
        .post(`/api/v1/events/${event.id}/registrations`)
        .set('X-Forwarded-For', ip)
        .send(registrationBody({ email })),
    cancel: () =>
      instance.http.post('/api/v1/registrations/cancel').set('X-Forwarded-For', ip).send({ token: 'unknown-token' }),
  });

  it('answers 429 with Retry-After once an IP exceeds the limit', async () => {
    const client = from('198.51.100.1');
    for (let i = 0; i < 4; i++) await client.register().expect(201);
    const res = await client.register().expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another client is not affected.
    await from('198.51.100.2').register().expect(201);
  });

  it('holds across two API instances sharing Redis', async () => {
    const onA = from('198.51.100.10', api);
    const onB = from('198.51.100.10', second);
    await onA.register().expect(201);
    await onB.register().expect(201);
    await onA.register().expect(201);
    await onB.register().expect(201);
    await onB.register().expect(429);
    await onA.register().expect(429);
  });

  it('limits one address per event, whatever IP it comes from', async () => {
    await from('198.51.100.20').register('same@example.jp').expect(201);
    await from('198.51.100.21').register('SAME@example.jp').expect(409);
    const res = await from('198.51.100.22').register('same@example.jp').expect(429);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('counts one address per event whether the route names the event by its slug or its id', async () => {
    const forms = [event.slug, event.id, event.slug.toUpperCase(), event.id.toUpperCase()];
    const attempt = (i: number) =>
      api.http
        .post(`/api/v1/events/${forms[i % forms.length]}/registrations`)
        .set('X-Forwarded-For', `198.51.100.${40 + i}`)
        .send(registrationBody({ email: 'both-names@example.jp' }));
    const limit = api.config.rateLimits.registerPerEmail;
    await attempt(0).expect(201);
    for (let i = 1; i < limit; i++) await attempt(i).expect(409);
    // Over the limit under every name of the event, not just the one counted most.
    for (let i = limit; i < limit + forms.length; i++) await attempt(i).expect(429);
  });

  it('limits cancellation attempts per IP (token guessing)', async () => {
    const client = from('198.51.100.30');
    for (let i = 0; i < 3; i++) await client.cancel().expect(404);
    await client.cancel().expect(429);
  });
});
