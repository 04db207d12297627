import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How a path answers: a status (with an optional Location), the next answers first. */
export interface Answer {
  status: number;
  location?: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  base: string;
  received: ReceivedWebhook[];
  on(path: string): ReceivedWebhook[];
  /** Answers of `path`, used in turn; the last one stays. Unset paths answer 204. */
  answer(path: string, ...answers: Answer[]): void;
  close(): Promise<void>;
}

/** A local receiver (node:http on 127.0.0.1 only) that records every request. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers = new Map<string, Answer[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const queue = answers.get(path) ?? [];
      const answer = queue.length > 1 ? queue.shift()! : (queue[0] ?? { status: 204 });
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
      res.end(answer.status === 204 ? undefined : `answer ${answer.status} ${'x'.repeat(3000)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    on: (path) => received.filter((r) => r.path === path),
    answer: (path, ...list) => answers.set(path, list),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
