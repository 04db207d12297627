import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { OutgoingMessage } from '../outgoing-message';
import { composeMessage, composeWithNodemailer } from './compose-message';
import type { MailTransport, MailTransportOptions, SendResult } from './mail-transport';

/**
 * Development transport: each message becomes one `.eml` file in `dir`, named
 * `20261125T191500123Z-<message id>.eml` so a directory listing sorts by time.
 * The file is the exact message an SMTP server would have received.
 */
export class FileMailTransport implements MailTransport {
  private readonly dir: string;
  private ready?: Promise<unknown>;

  constructor(
    dir: string,
    private readonly options: MailTransportOptions & { now?: () => Date } = {},
  ) {
    this.dir = resolve(dir);
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const now = (this.options.now ?? (() => new Date()))();
    const { raw, messageId } =
      this.options.composer === 'nodemailer'
        ? await composeWithNodemailer(message, this.options.dkim)
        : await composeMessage(message, now, this.options.dkim);
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    const base = `${fileStamp(now)}-${safeName(messageId)}`;
    const location = await writeNew(this.dir, base, raw);
    this.options.logger?.log(`mail ${messageId} written to ${location}`);
    return { messageId, location };
  }

  async close(): Promise<void> {
    // Nothing is held open between messages.
  }
}

/** `20261125T191500123Z`: fixed width, so names sort by time. */
function fileStamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

function safeName(messageId: string): string {
  return messageId
    .replace(/^<|>$/g, '')
    .replace(/[^A-Za-z0-9._@-]/g, '_')
    .slice(0, 120);
}

/** Never overwrites: a second message with the same name in the same millisecond gets a suffix. */
async function writeNew(dir: string, base: string, raw: Buffer): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const path = join(dir, `${base}${attempt === 1 ? '' : `-${attempt}`}.eml`);
    try {
      await writeFile(path, raw, { flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}
