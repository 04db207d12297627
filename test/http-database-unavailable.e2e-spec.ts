import type { EventEntity } from '@cohost/database';
import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import request from 'supertest';
import { ApiHarness, startApi, startVariant } from './support/api-harness';
import { createOrganizer, createPartner, insertEvent, TestOrganizer, TestPartner } from './support/factories';
import { registrationBody, UNTHROTTLED } from './support/registrations';

/**
 * A TCP proxy to PostgreSQL that the test can cut: `cut()` stops accepting
 * and drops every open connection, as a network partition or a database
 * host going away would; `restore()` listens again on the same port.
 */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('PostgreSQL unreachable', () => {
  let api: ApiHarness;
  let proxy: CuttableProxy;
  let proxied: Awaited<ReturnType<typeof startVariant>>;
  let http: ApiHarness['http'];
  let partner: TestPartner;
  let organizer: TestOrganizer;
  let event: EventEntity;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
    partner = await createPartner(api);
    organizer = await createOrganizer(api, partner);
    event = await insertEvent(api, partner.id);
    const direct = new URL(api.db.url);
    proxy = new CuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(api.db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    proxied = await startVariant(api, { ...UNTHROTTLED, DATABASE_URL: viaProxy.toString() });
    http = proxied.http;
  });
  afterAll(async () => {
    await proxy?.cut();
    await proxied?.close().catch(() => undefined);
    await api?.close();
  });

  const calls = (): [string, request.Test][] => [
    ['partner', http.get(`/api/v1/partners/${partner.slug}`)],
    ['event', http.get(`/api/v1/events/${event.slug}`)],
    ['register', http.post(`/api/v1/events/${event.id}/registrations`).send(registrationBody())],
    // The auth guard looks organizer tokens up in the database.
    ['organizer', http.get('/api/v1/events').set(organizer.headers)],
  ];

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, never 500, and recovers', async () => {
    for (const [, call] of calls()) expect((await call).status).toBeLessThan(300);

    await proxy.cut();
    // Twice: first the pooled connections die under the queries, then new ones are refused.
    for (let round = 0; round < 2; round++) {
      for (const [name, call] of calls()) {
        const res = await call;
        expect({ name, status: res.status }).toEqual({ name, status: 503 });
        expect(res.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: expect.any(String),
          code: 'SERVICE_UNAVAILABLE',
        });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(JSON.stringify(res.body)).not.toMatch(/ECONN|127\.0\.0\.1|terminated|5432/);
      }
    }

    // The pages render their errors through the same mapping.
    for (const path of [`/events/${event.slug}`, `/partners/${partner.slug}`]) {
      const page = await http.get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 503 });
      expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    }

    // Said once for every route in the OpenAPI description (the document needs no database).
    const doc = await http.get('/docs-json').expect(200);
    expect(doc.body.info.description).toContain('503 `SERVICE_UNAVAILABLE` with `Retry-After`');

    await proxy.open();
    for (const [, call] of calls()) expect((await call).status).toBeLessThan(300);
  });
});
