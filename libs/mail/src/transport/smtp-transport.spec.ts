import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
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

    const closed = new SMTPServer({ logger: false });
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
