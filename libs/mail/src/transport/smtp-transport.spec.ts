import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { MailContext } from '../mail-context';
import { renderMessage } from '../render/render-message';
import { startCaptureSmtp } from '../testing/capture-smtp';
import { mailContext } from '../testing/mail-context.fixture';
import { createMailTransport } from './create-mail-transport';
import {
  isConnectionFailure,
  PermanentMailError,
  type MailTransport,
  type MailTransportOptions,
} from './mail-transport';
import { SmtpMailTransport } from './smtp-transport';

/**
 * A scripted server on 127.0.0.1 speaking just enough SMTP for one failure:
 * `greeting` (null: never greets), then each command line answered by
 * `answer` (a reply, or `drop` to cut the connection there).
 */
async function scriptedServer(
  greeting: string | null,
  answer: (command: string) => string | 'drop' = () => '250 OK',
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (greeting !== null) socket.write(`${greeting}\r\n`);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const reply = answer(line);
        if (reply === 'drop') return void socket.destroy();
        socket.write(`${reply}\r\n`);
        if (reply.startsWith('421')) return void socket.end();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('SMTP transport', () => {
  let smtp: Awaited<ReturnType<typeof startCaptureSmtp>>;
  let port: number;
  let connections = 0;
  let received: Buffer[] = [];
  const from = { name: 'cohost', address: 'no-reply@cohost.example' };
  const transports: MailTransport[] = [];

  function transport(options: MailTransportOptions = {}, url = `smtp://127.0.0.1:${port}`): MailTransport {
    const t = createMailTransport({ smtpUrl: url, from, dir: 'unused' }, options);
    transports.push(t);
    return t;
  }

  function to(email: string, notificationId: string) {
    return renderMessage(mailContext({ notificationId, recipient: { email } as MailContext['recipient'], from }));
  }

  beforeAll(async () => {
    smtp = await startCaptureSmtp({
      onConnect(_session, callback) {
        connections++;
        callback();
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('reject'))
          return callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
        if (address.address.startsWith('later'))
          return callback(Object.assign(new Error('4.7.1 Try again later'), { responseCode: 451 }));
        callback();
      },
    });
    port = smtp.port;
    received = smtp.received;
  });

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
  });

  afterAll(() => smtp.close());

  it('is chosen when SMTP_URL is set and delivers the rendered message with its Message-ID', async () => {
    const t = transport();
    expect(t).toBeInstanceOf(SmtpMailTransport);
    received.length = 0;
    const result = await t.send(to('hanako@example.jp', '41'));
    expect(result.messageId).toBe('<n-41.cohost@cohost.example>');
    expect(result.response).toMatch(/^250/);
    expect(received).toHaveLength(1);
    const parsed = await simpleParser(received[0]);
    expect(parsed.messageId).toBe('<n-41.cohost@cohost.example>');
    expect(parsed.attachments.some((a) => a.content.toString().includes('METHOD:REQUEST'))).toBe(true);
  });

  it('throws PermanentMailError for a 5xx answer', async () => {
    const error = await transport()
      .send(to('reject@example.jp', '42'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentMailError);
    expect((error as PermanentMailError).responseCode).toBe(550);
    expect((error as Error).message).toMatch(/550/);
  });

  it('throws an ordinary (retryable) error for a 4xx answer and for a refused connection', async () => {
    const temporary = await transport()
      .send(to('later@example.jp', '43'))
      .catch((e: unknown) => e);
    expect(temporary).toBeInstanceOf(Error);
    expect(temporary).not.toBeInstanceOf(PermanentMailError);
    expect((temporary as { responseCode?: number }).responseCode).toBe(451);
    expect(isConnectionFailure(temporary)).toBe(false);

    const closed = new SMTPServer({ logger: false, disableReverseLookup: true });
    closed.listen(0, '127.0.0.1');
    await once(closed.server, 'listening');
    const deadPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await transport({}, `smtp://127.0.0.1:${deadPort}`)
      .send(to('hanako@example.jp', '44'))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(refused).not.toBeInstanceOf(PermanentMailError);
    // Nothing was refused: the sender waits for the server instead of counting an attempt.
    expect(isConnectionFailure(refused)).toBe(true);
  });

  describe('connection-level failures: no attempt is used, the sender waits for the server', () => {
    const servers: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => s.close()));
    });
    async function failure(url: string): Promise<unknown> {
      const error = await transport({}, url)
        .send(to('hanako@example.jp', 'c1'))
        .then(
          () => new Error('sent'),
          (e: unknown) => e,
        );
      expect(error).not.toBeInstanceOf(PermanentMailError);
      return error;
    }

    it('a server that accepts the connection but never greets: greeting timeout (short through the URL)', async () => {
      const silent = await scriptedServer(null);
      servers.push(silent);
      const started = Date.now();
      const error = await failure(`${silent.url}?greetingTimeout=300&connectionTimeout=5000`);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error).toMatchObject({ code: 'ETIMEDOUT', message: expect.stringMatching(/Greeting never received/) });
      expect(isConnectionFailure(error)).toBe(true);
    });

    it('STARTTLS required but the certificate is not trusted: TLS failure', async () => {
      // smtp-server offers STARTTLS with its built-in self-signed certificate.
      const tls = new SMTPServer({ authOptional: true, logger: false, disableReverseLookup: true });
      tls.listen(0, '127.0.0.1');
      await once(tls.server, 'listening');
      servers.push({ close: () => new Promise<void>((resolve) => tls.close(() => resolve())) });
      const port = (tls.server.address() as AddressInfo).port;
      const error = await failure(`smtp://127.0.0.1:${port}?requireTLS=true`);
      expect((error as Error).message).toMatch(/certificate/i);
      expect(isConnectionFailure(error)).toBe(true);
    });

    it('STARTTLS required but refused by the server (454, or 502 where it does not know it): TLS failure', async () => {
      for (const refusal of ['454 4.7.0 TLS not available', '502 5.5.1 Command not implemented']) {
        const plain = await scriptedServer('220 plain.example ESMTP', (c) =>
          /^EHLO/i.test(c) ? '250 plain.example' : /^STARTTLS/i.test(c) ? refusal : '250 OK',
        );
        servers.push(plain);
        const error = await failure(`${plain.url}?requireTLS=true`);
        expect(error).toMatchObject({ code: 'ETLS' });
        expect(isConnectionFailure(error)).toBe(true);
      }
    });

    it('implicit TLS (smtps) to a port speaking plain SMTP: TLS failure', async () => {
      const plain = await scriptedServer('220 plain.example ESMTP');
      servers.push(plain);
      const error = await failure(
        `${plain.url.replace(/^smtp:/, 'smtps:')}?greetingTimeout=2000&connectionTimeout=2000`,
      );
      expect(isConnectionFailure(error)).toBe(true);
    });

    it('a connection dropped in the middle of a transaction', async () => {
      for (const at of [/^RCPT TO/i, /^DATA/i]) {
        const dropping = await scriptedServer('220 drop.example ESMTP', (c) =>
          at.test(c) ? 'drop' : /^EHLO/i.test(c) ? '250 drop.example' : '250 OK',
        );
        servers.push(dropping);
        const error = await failure(dropping.url);
        expect(error).toMatchObject({ code: expect.stringMatching(/^E/) });
        expect(isConnectionFailure(error)).toBe(true);
      }
    });

    it('421 "service not available, closing channel" (RFC 5321), as the greeting or as a reply', async () => {
      const busy = await scriptedServer('421 4.3.2 busy.example Service not available, closing transmission channel');
      servers.push(busy);
      const greeting = await failure(busy.url);
      expect(greeting).toMatchObject({ responseCode: 421 });
      expect(isConnectionFailure(greeting)).toBe(true);
      for (const at of [/^EHLO/i, /^MAIL FROM/i, /^RCPT TO/i, /^DATA/i]) {
        const closing = await scriptedServer('220 closing.example ESMTP', (c) =>
          at.test(c)
            ? '421 4.4.5 closing.example Too many connections, closing channel'
            : /^EHLO/i.test(c)
              ? '250 closing.example'
              : /^DATA/i.test(c)
                ? '354 go on'
                : '250 OK',
        );
        servers.push(closing);
        const reply = await failure(closing.url);
        expect(reply).toMatchObject({ responseCode: 421 });
        expect(isConnectionFailure(reply)).toBe(true);
      }
      // Other 4xx replies are about the message: they use an attempt.
      expect(isConnectionFailure(Object.assign(new Error('451 later'), { responseCode: 451 }))).toBe(false);
      expect(isConnectionFailure(Object.assign(new Error('450 mailbox busy'), { responseCode: 450 }))).toBe(false);
    });
  });

  it('pools connections and keeps one open beyond nodemailer’s default of 100 messages', async () => {
    const t = transport({ maxConnections: 1 });
    const before = connections;
    received.length = 0;
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => t.send(to(`p${i}@example.jp`, `p${i}`))));
    expect(new Set(results.map((r) => r.messageId)).size).toBe(150);
    expect(received).toHaveLength(150);
    expect(connections - before).toBe(1);
  });

  it('a refused message leaves the pooled connection usable for the next one', async () => {
    const t = transport({ maxConnections: 1 });
    const before = connections;
    received.length = 0;
    await expect(t.send(to('reject@example.jp', 'r1'))).rejects.toBeInstanceOf(PermanentMailError);
    await expect(t.send(to('later@example.jp', 'r2'))).rejects.not.toBeInstanceOf(PermanentMailError);
    const sent = await t.send(to('after@example.jp', 'r3'));
    expect(sent.messageId).toBe('<n-r3.cohost@cohost.example>');
    expect(received).toHaveLength(1);
    expect(connections - before).toBe(1);
  });

  it('delivers the same parsed message whether the bytes come from the fast composer or from nodemailer', async () => {
    const message = to('hanako@example.jp', '45');
    const parsed = [];
    for (const composer of ['fast', 'nodemailer'] as const) {
      received.length = 0;
      const sent = await transport({ composer }).send(message);
      expect(sent.messageId).toBe('<n-45.cohost@cohost.example>');
      expect(received).toHaveLength(1);
      parsed.push(await simpleParser(received[0]));
    }
    const [fast, composed] = parsed.map((p) => ({
      from: p.from?.value,
      to: (Array.isArray(p.to) ? p.to[0] : p.to)?.value,
      subject: p.subject,
      messageId: p.messageId,
      text: p.text,
      html: p.html,
      attachments: p.attachments.map((a) => [a.contentType, a.filename, a.content.toString('utf8')]),
    }));
    expect(fast).toEqual(composed);
    expect(fast.attachments.length).toBeGreaterThan(0);
  });
});
