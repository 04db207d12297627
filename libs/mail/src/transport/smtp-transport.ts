import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { OutgoingMessage } from '../outgoing-message';
import { canComposeFast, composeFast } from './fast-mime';
import {
  classifySendError,
  NO_EXTERNAL_CONTENT,
  toNodemailerMessage,
  type MailTransport,
  type MailTransportOptions,
  type SendResult,
} from './mail-transport';

/**
 * Pooled SMTP (`SMTP_URL`, e.g. `smtp://localhost:1025` for Mailpit,
 * `smtps://user:pass@host:465`). Query parameters of the URL override the
 * defaults below, as nodemailer merges them.
 */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;

  private readonly fast: boolean;

  constructor(url: string, options: MailTransportOptions = {}) {
    this.fast = (options.composer ?? 'fast') === 'fast';
    this.transporter = nodemailer.createTransport({
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
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      if (this.fast && canComposeFast(message)) {
        const info = await this.transporter.sendMail({
          ...NO_EXTERNAL_CONTENT,
          envelope: { from: message.from.address, to: [message.to.address] },
          raw: composeFast(message),
        });
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
