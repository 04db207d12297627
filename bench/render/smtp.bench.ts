/**
 * Send throughput of the SMTP transport to a local discarding SMTP server
 * (in a child process, as a real server would be), fast composer against
 * nodemailer's own composition:
 *   node -r @swc-node/register bench/render/smtp.bench.ts [count] [maxConnections]
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { MailContext } from '../../libs/mail/src/mail-context';
import { renderMessage } from '../../libs/mail/src/render/render-message';
import { mailContext } from '../../libs/mail/src/testing/mail-context.fixture';
import { createMailTransport } from '../../libs/mail/src/transport/create-mail-transport';

const count = Number(process.argv[2] ?? 5_000);
const maxConnections = Number(process.argv[3] ?? 5);

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return serve();
  const server = fork(__filename, ['serve'], { execArgv: ['-r', '@swc-node/register'] });
  const [port] = (await once(server, 'message')) as [number];
  const messages = Array.from({ length: count }, (_, i) =>
    renderMessage(
      mailContext({
        kind: 'event.updated',
        notificationId: String(i),
        recipient: {
          email: `registrant-${i}@example.jp`,
          name: `Registrant ${i}`,
          locale: i % 2 ? 'en' : 'ja',
          timezone: 'Asia/Tokyo',
        },
        event: { sequence: 1 } as MailContext['event'],
      }),
    ),
  );
  const from = messages[0].from;
  for (const composer of ['fast', 'nodemailer', 'fast'] as const) {
    const transport = createMailTransport(
      { smtpUrl: `smtp://127.0.0.1:${port}`, from, dir: 'unused' },
      { composer, maxConnections },
    );
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    await Promise.all(messages.map((m) => transport.send(m)));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    await transport.close();
    console.log(
      `${composer.padEnd(10)} ${(count / seconds).toFixed(0).padStart(6)} messages/s, client CPU ${(((used.user + used.system) / 1e6 / seconds) * 100).toFixed(0)} % of a core`,
    );
  }
  server.kill();
}

function serve(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SMTPServer } = require('smtp-server') as typeof import('smtp-server');
  const server = new SMTPServer({
    // No reverse DNS of 127.0.0.1: it would ask the resolver (off this machine) and hold each greeting.
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => callback());
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.server.address();
    process.send?.(typeof address === 'object' && address ? address.port : 0);
  });
}

void main();
