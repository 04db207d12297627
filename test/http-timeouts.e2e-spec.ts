import { randomUUID } from 'node:crypto';
import { AddressInfo, connect, Socket } from 'node:net';
import { ApiHarness, startApi } from './support/api-harness';

const REQUEST_TIMEOUT_MS = 1000;
const KEEP_ALIVE_TIMEOUT_MS = 600;
// Node checks its connections every quarter of the timeout; allow for a loaded machine.
const SLACK_MS = 4000;

interface Outcome {
  /** What the server wrote before the socket closed. */
  received: string;
  /** Milliseconds from the first byte sent until the server closed the socket. */
  closedAfter: number;
}

/**
 * Sends `parts` over a raw socket (`{ wait }` pauses between them) and
 * reports what came back once the server closes the connection, or
 * `closedAfter: Infinity` if it is still open after `giveUpMs`.
 */
function rawExchange(port: number, parts: (string | { wait: number })[], giveUpMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    let closed = false;
    const started = Date.now();
    const giveUp = setTimeout(() => {
      closed = true;
      socket.destroy();
      resolve({ received, closedAfter: Infinity });
    }, giveUpMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset is a close too; anything else fails the test.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      if (closed) return;
      closed = true;
      clearTimeout(giveUp);
      resolve({ received, closedAfter: Date.now() - started });
    });
    socket.on('connect', async () => {
      for (const part of parts) {
        if (closed) return;
        if (typeof part === 'string') socket.write(part);
        else await new Promise((r) => setTimeout(r, part.wait));
      }
    });
  });
}

describe('request and keep-alive timeouts', () => {
  let api: ApiHarness;
  let port: number;

  beforeAll(async () => {
    api = await startApi({
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
    });
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await api?.close();
  });

  const post = (contentLength: number) =>
    `POST /api/v1/events/${randomUUID()}/registrations HTTP/1.1\r\nHost: localhost\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`;

  function expectTimedOut(outcome: Outcome) {
    expect(outcome.closedAfter).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(outcome.closedAfter).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
    // Node answers 408 when nothing was written yet; a bare close is fine too.
    if (outcome.received !== '') expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
  }

  it('answers 408 and closes when the body stops short of its Content-Length', async () => {
    const outcome = await rawExchange(port, [post(200), '{"email":"slow@exam'], REQUEST_TIMEOUT_MS + SLACK_MS + 2000);
    expectTimedOut(outcome);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a body trickled a byte at a time, though the connection never goes idle', async () => {
    const trickle = Array.from({ length: 40 }, () => ['x', { wait: 100 }]).flat();
    const outcome = await rawExchange(port, [post(1000), ...trickle], REQUEST_TIMEOUT_MS + SLACK_MS + 2000);
    expectTimedOut(outcome);
  });

  it('closes a request whose headers never end', async () => {
    const outcome = await rawExchange(
      port,
      ['POST /api/v1/partners HTTP/1.1\r\nHost: localhost\r\n', { wait: 300 }, 'X-Slow: 1\r\n'],
      REQUEST_TIMEOUT_MS + SLACK_MS + 2000,
    );
    expectTimedOut(outcome);
  });

  it('closes a connection that never sends a byte', async () => {
    const outcome = await rawExchange(port, [], REQUEST_TIMEOUT_MS + SLACK_MS + 2000);
    expectTimedOut(outcome);
  });

  it('still serves a request that arrives in time, then closes the idle keep-alive connection', async () => {
    const outcome = await rawExchange(
      port,
      ['GET /api/v1/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n'],
      KEEP_ALIVE_TIMEOUT_MS + SLACK_MS + 2000,
    );
    expect(outcome.received).toMatch(/^HTTP\/1\.1 200 /);
    expect(outcome.closedAfter).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 50);
    expect(outcome.closedAfter).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + SLACK_MS);
  });
});
