import type { AppConfig } from '@cohost/config';
import { FileMailTransport } from './file-transport';
import type { MailTransport, MailTransportOptions } from './mail-transport';
import { SmtpMailTransport } from './smtp-transport';

/** `SMTP_URL` set: pooled SMTP; unset: `.eml` files under `MAIL_DIR`. */
export function createMailTransport(config: AppConfig['mail'], options: MailTransportOptions = {}): MailTransport {
  return config.smtpUrl ? new SmtpMailTransport(config.smtpUrl, options) : new FileMailTransport(config.dir, options);
}
