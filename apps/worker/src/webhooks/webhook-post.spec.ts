import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook } from './webhook-post';

describe('postWebhook (loopback only)', () => {
  let server: Server;
  let port: number;
  let handle: (req: IncomingMessage, res: ServerResponse) => void;
  const seen: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // The name is never resolved: the request goes to the address that was checked.
  const target = () => ({ url: new URL(`http://receiver.test:${port}/in`), address: '127.0.0.1', family: 4 as const });

  it('connects to the checked address, keeps the name as Host, and keeps at most 1 KB of the answer', async () => {
    handle = (_req, res) => res.writeHead(500).end('é'.repeat(2000));
    const outcome = await postWebhook(target(), { 'webhook-id': 'msg_1' }, '{"a":1}', 5000);
    expect(outcome).toMatchObject({ statusCode: 500, error: null });
    expect(Buffer.byteLength(outcome.excerpt!)).toBeLessThanOrEqual(1024);
    expect(outcome.excerpt).toMatch(/^é+$/);
    const req = seen[seen.length - 1];
    expect(req.headers.host).toBe(`receiver.test:${port}`);
    expect(req.headers['webhook-id']).toBe('msg_1');
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('reports a redirect as it is, without following it', async () => {
    handle = (_req, res) => res.writeHead(307, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
    const before = seen.length;
    const outcome = await postWebhook(target(), {}, '{}', 5000);
    expect(outcome.statusCode).toBe(307);
    expect(seen.length).toBe(before + 1);
  });

  it('gives up after the timeout', async () => {
    handle = () => undefined; // never answers
    const started = Date.now();
    const outcome = await postWebhook(target(), {}, '{}', 200);
    expect(outcome).toMatchObject({ statusCode: null, error: 'no answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a refused connection as an error', async () => {
    const closed = { ...target(), url: new URL('http://receiver.test:1/in') };
    const outcome = await postWebhook(closed, {}, '{}', 2000);
    expect(outcome.statusCode).toBeNull();
    expect(outcome.error).toMatch(/ECONNREFUSED/);
  });
});
