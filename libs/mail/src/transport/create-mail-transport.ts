import type { AppConfig } from '@cohost/config';
import { FileMailTransport } from './file-transport';
import type { MailTransport, MailTransportOptions } from './mail-transport';
import { SmtpMailTransport } from './smtp-transport';

/** `SMTP_URL` set: pooled SMTP; unset: `.eml` files under `MAIL_DIR`. */
export function createMailTransport(config: AppConfig['mail'], options: MailTransportOptions = {}): MailTransport {
  const withDkim = config.dkim && !options.dkim ? { ...options, dkim: config.dkim } : options;
  return config.smtpUrl ? new SmtpMailTransport(config.smtpUrl, withDkim) : new FileMailTransport(config.dir, withDkim);
}
