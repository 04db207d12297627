import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { freePort } from './processes';

export interface ReceivedMail {
  to: string[];
  raw: Buffer;
  messageId: string | null;
  at: number;
}

export interface SmtpBehaviour {
  /** Answer 451 to every message until this is set back to false. */
  tempFail?: boolean;
  /** Addresses (lower case) answered with 550 at RCPT TO. */
  reject?: string[];
  /**
   * Take the message but hold the reply; a message whose client goes away
   * before the reply is discarded, as a real server does (RFC 5321: the
   * server is responsible only once it has said 250).
   */
  hold?: boolean;
  /** Answer each message after this long (a slow server: keeps jobs active). */
  delayMs?: number;
  /** Keep only counts and recipients, not the bytes (benchmarks). */
  discard?: boolean;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Messages held without a reply (see `hold`). */
  held(): number;
  tempFailures(): number;
  behave(b: SmtpBehaviour): void;
  /** Messages to one address, parsed. */
  parsedFor(address: string): Promise<ParsedMail[]>;
  countsByRecipient(): Map<string, number>;
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server on a free loopback port that the test controls. */
export async function startSmtpServer(
  initial: SmtpBehaviour = {},
  options: { port?: number } = {},
): Promise<TestSmtpServer> {
  let behaviour: SmtpBehaviour = { ...initial };
  const received: ReceivedMail[] = [];
  let delayed = 0;
  const holding = new Set<string>();
  let tempFailures = 0;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());

  const server = new SMTPServer({
    // No reverse DNS of 127.0.0.1: it would ask the resolver (off this machine) and hold each greeting.
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 500,
    onClose(session) {
      holding.delete(session.id);
    },
    onRcptTo(address, _session, callback) {
      if ((behaviour.reject ?? []).includes(address.address.toLowerCase())) {
        const error = Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      const keep = !behaviour.discard;
      stream.on('data', (chunk: Buffer) => keep && chunks.push(chunk));
      stream.on('end', () => {
        if (behaviour.tempFail) {
          tempFailures++;
          const error = Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 });
          return callback(error);
        }
        if (behaviour.hold) {
          holding.add(session.id);
          notify();
          return; // never answered: the client gives up or dies; the message is not ours
        }
        const accept = () => {
          const raw = Buffer.concat(chunks);
          const header = /^message-id:\s*(\S+)/im.exec(raw.subarray(0, 4096).toString('utf8'));
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            raw,
            messageId: header?.[1] ?? null,
            at: Date.now(),
          });
          callback();
          notify();
        };
        if (behaviour.delayMs) {
          delayed++;
          notify();
          setTimeout(() => {
            delayed--;
            accept();
          }, behaviour.delayMs);
        } else accept();
      });
    },
  });
  server.on('error', () => undefined);
  const port = options.port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    held: () => delayed + holding.size,
    tempFailures: () => tempFailures,
    behave: (b) => (behaviour = { ...behaviour, ...b }),
    async parsedFor(address) {
      const mine = received.filter((m) => m.to.includes(address.toLowerCase()));
      return Promise.all(mine.map((m) => simpleParser(m.raw)));
    },
    countsByRecipient() {
      const counts = new Map<string, number>();
      for (const m of received) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
    waitForCount: (count, timeoutMs = 15_000) =>
      waitUntil(
        () => received.length >= count,
        timeoutMs,
        waiters,
        () => `expected ${count} messages, got ${received.length}`,
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function waitUntil(done: () => boolean, timeoutMs: number, waiters: Set<() => void>, describe: () => string) {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Timed out: ${describe()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      waiters.delete(check);
    };
    waiters.add(check);
    check();
  });
}

/** Polls `probe` every `everyMs` until it returns true; fails after `timeoutMs`. */
export async function eventually(
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
