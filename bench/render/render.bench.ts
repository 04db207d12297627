/**
 * Micro-benchmark of libs/mail rendering on one core:
 *   node -r @swc-node/register bench/render/render.bench.ts [count]
 * Renders one event's update (REQUEST calendar) for `count` distinct
 * recipients (ja/en, Tokyo/Copenhagen), on the cached path, uncached (one
 * ical-generator run per message, the reference), and cached plus MIME
 * composition (what a transport does before writing), with the library's
 * fast composer and with nodemailer's.
 */
import { clearCalendarCache } from '../../libs/mail/src/calendar/invitation-calendar';
import type { MailContext } from '../../libs/mail/src/mail-context';
import { renderMessage } from '../../libs/mail/src/render/render-message';
import { mailContext } from '../../libs/mail/src/testing/mail-context.fixture';
import { composeMessage, composeWithNodemailer } from '../../libs/mail/src/transport/compose-message';

const count = Number(process.argv[2] ?? 10_000);
const sentAt = new Date('2026-11-25T19:15:00Z');
const contexts: MailContext[] = Array.from({ length: count }, (_, i) =>
  mailContext({
    kind: 'event.updated',
    notificationId: String(1000 + i),
    sentAt: new Date(sentAt.getTime() + i),
    recipient: {
      email: `registrant-${i}@member${i % 440}.example.jp`,
      name: i % 2 ? `Registrant ${i}` : `参加者 ${i} 様`,
      locale: i % 2 ? 'en' : 'ja',
      timezone: i % 3 ? 'Asia/Tokyo' : 'Europe/Copenhagen',
    },
    event: { sequence: 1 } as MailContext['event'],
    data: {
      previous: { startsAt: '2026-12-09T09:00:00Z', endsAt: '2026-12-09T11:00:00Z' },
      changed: ['startsAt', 'endsAt'],
    },
  }),
);

function measure(label: string, run: (ctx: MailContext) => void): number {
  const started = process.hrtime.bigint();
  for (const ctx of contexts) run(ctx);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = count / seconds;
  console.log(`${label.padEnd(44)} ${rate.toFixed(0).padStart(8)} /s  (${count} in ${seconds.toFixed(2)} s)`);
  return rate;
}

async function main(): Promise<void> {
  // Warm-up: JIT, Intl formatters, first templates.
  for (const ctx of contexts.slice(0, 200)) renderMessage(ctx);

  const cached = measure('renderMessage, cached calendar', (ctx) => renderMessage(ctx));
  const uncached = measure('renderMessage, ical-generator per message', (ctx) => {
    clearCalendarCache();
    renderMessage(ctx);
  });

  for (const [label, compose] of [
    ['renderMessage + fast MIME composition', composeMessage],
    ['renderMessage + nodemailer MIME composition', composeWithNodemailer],
  ] as const) {
    let bytes = 0;
    const started = process.hrtime.bigint();
    for (const ctx of contexts) bytes += (await compose(renderMessage(ctx))).raw.length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `${label.padEnd(44)} ${(count / seconds).toFixed(0).padStart(8)} /s  (${count} in ${seconds.toFixed(2)} s, ${Math.round(bytes / count)} bytes/message)`,
    );
  }
  console.log(
    `cache speed-up ${(cached / uncached).toFixed(1)}x; rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
  );
}

void main();
