import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { OutgoingMessage } from '../outgoing-message';
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

  constructor(url: string, options: MailTransportOptions = {}) {
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
