import type { EventEntity } from '@cohost/database';
import request from 'supertest';
import { ApiHarness, startApi, startVariant } from './support/api-harness';
import { createPartner, insertEvent } from './support/factories';
import { registrationBody } from './support/registrations';

const PER_IP = 3;
const LIMITS = { RATE_LIMIT_REGISTER_PER_MIN: String(PER_IP), RATE_LIMIT_REGISTER_EMAIL_PER_MIN: '1000' };

/**
 * The client address the registration limiter keys on, behind proxies. Each
 * case runs an api with its own `TRUST_PROXY` on one database; supertest
 * connects from loopback, which plays the proxy nearest the api.
 */
describe('TRUST_PROXY and the client address of the rate limiter', () => {
  let api: ApiHarness;
  let event: EventEntity;
  const extra: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    api = await startApi(LIMITS);
    event = await insertEvent(api, (await createPartner(api)).id);
  });
  afterAll(async () => {
    for (const instance of extra) await instance.close();
    await api?.close();
  });

  async function apiTrusting(trustProxy: string) {
    const variant = await startVariant(api, { ...LIMITS, TRUST_PROXY: trustProxy });
    extra.push(variant);
    const { http } = variant;
    return (forwardedFor: string) =>
      http
        .post(`/api/v1/events/${event.id}/registrations`)
        .set('X-Forwarded-For', forwardedFor)
        .send(registrationBody({ email: `${Math.random().toString(36).slice(2)}@example.jp` }));
  }

  /** A burst from one client whose left-most X-Forwarded-For entry changes every time. */
  async function burst(send: (xff: string) => request.Test, chain: (spoofed: string) => string) {
    const statuses: number[] = [];
    for (let i = 0; i < PER_IP + 2; i++) statuses.push((await send(chain(`192.0.2.${100 + i}`))).status);
    return statuses;
  }
  const limited = [...Array<number>(PER_IP).fill(201), 429, 429];

  it('TRUST_PROXY=2: behind two proxies, spoofed left-most entries still share one limit', async () => {
    const send = await apiTrusting('2');
    // client 203.0.113.10 -> proxy 10.0.0.5 (appends the client) -> loopback proxy (appends 10.0.0.5)
    expect(await burst(send, (spoofed) => `${spoofed}, 203.0.113.10, 10.0.0.5`)).toEqual(limited);
    // The header is read: another client behind the same proxies has a limit of its own.
    expect((await send('192.0.2.1, 203.0.113.11, 10.0.0.5')).status).toBe(201);
  });

  it('TRUST_PROXY=true is one hop: the entry the nearest proxy wrote, not the left-most', async () => {
    const send = await apiTrusting('true');
    expect(await burst(send, (spoofed) => `${spoofed}, 203.0.113.20`)).toEqual(limited);
    expect((await send('192.0.2.1, 203.0.113.21')).status).toBe(201);
  });

  it('TRUST_PROXY=1: a client inserting extra entries still gets only the last one', async () => {
    const send = await apiTrusting('1');
    expect(await burst(send, (spoofed) => `${spoofed}, 10.0.0.9, 203.0.113.30`)).toEqual(limited);
  });

  it('the range form trusts only proxies in the ranges, IPv4 and IPv6', async () => {
    const send = await apiTrusting('127.0.0.0/8,::1/128,10.0.0.0/8,fd00::/8');
    expect(await burst(send, (spoofed) => `${spoofed}, 203.0.113.40, 10.2.3.4`)).toEqual(limited);
    expect(await burst(send, (spoofed) => `${spoofed}, 203.0.113.41, fd00::17, 10.2.3.4`)).toEqual(limited);
    expect((await send('192.0.2.1, 203.0.113.42, 10.2.3.4')).status).toBe(201);
    // An entry written by a host outside the ranges is where trust ends: it is
    // the client, and what it claims to the left of it is not believed.
    expect(await burst(send, (spoofed) => `${spoofed}, 198.51.100.50`)).toEqual(limited);
  });

  it('a peer outside the ranges is the client itself, whatever it forwards', async () => {
    const send = await apiTrusting('10.0.0.0/8');
    expect(await burst(send, (spoofed) => spoofed)).toEqual(limited);
  });
});
