import nodemailer, { type Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import type { OutgoingMessage } from '../outgoing-message';
import { DkimSigner } from './dkim';
import { canComposeFast, composeFast } from './fast-mime';
import {
  classifySendError,
  NO_EXTERNAL_CONTENT,
  toNodemailerMessage,
  type MailTransport,
  type MailTransportOptions,
  type SendResult,
} from './mail-transport';
import { sendRawThroughPool } from './raw-pool-send';

/**
 * Pooled SMTP (`SMTP_URL`, e.g. `smtp://localhost:1025` for Mailpit,
 * `smtps://user:pass@host:465`). Query parameters of the URL override the
 * defaults below, as nodemailer merges them.
 */
export class SmtpMailTransport implements MailTransport {
  /** The one connection pool; the `fast` composer hands it raw bytes, `sendMail` below feeds it too. */
  private readonly pool: SMTPPool;

  private readonly transporter: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;

  private readonly fast: boolean;

  /** Signs the fast composer's bytes; nodemailer signs its own through the pool's `dkim` option. */
  private readonly signer?: DkimSigner;

  constructor(url: string, options: MailTransportOptions = {}) {
    this.fast = (options.composer ?? 'fast') === 'fast';
    this.signer = options.dkim ? new DkimSigner(options.dkim) : undefined;
    this.pool = new SMTPPool({
      url,
      pool: true,
      maxConnections: options.maxConnections ?? 5,
      maxMessages: options.maxMessages ?? 1000,
      // A queue retries; failing fast beats holding a worker for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
      ...NO_EXTERNAL_CONTENT,
    } satisfies SMTPPool.Options);
    // nodemailer reads `dkim` from the message (defaults apply to each), not from a transport object's options.
    this.transporter = nodemailer.createTransport(this.pool, options.dkim ? { dkim: { ...options.dkim } } : {});
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      if (this.fast && canComposeFast(message)) {
        const envelope = { from: message.from.address, to: message.to.address };
        const raw = composeFast(message);
        const info = await sendRawThroughPool(this.pool, envelope, message.messageId, this.signer?.sign(raw) ?? raw);
        return { messageId: message.messageId, response: info.response };
      }
      const info = await this.transporter.sendMail(toNodemailerMessage(message));
      return { messageId: info.messageId, response: info.response };
    } catch (error) {
      throw classifySendError(error);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
