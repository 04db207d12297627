import { MailSuppressions, readLinkKey } from '@cohost/database';
import { readAddressLink } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * One-click unsubscribe (RFC 8058, CHECKLIST 47): the token in the
 * `List-Unsubscribe` URL names the address (HMAC under the link key), so it
 * needs no session. Honoured at once: the sender reads `mail_suppressions`
 * before every bulk email (invitations, announcements, follow-ups).
 */
@Injectable()
export class UnsubscribeService {
  private key?: Promise<string>;

  constructor(private readonly dataSource: DataSource) {}

  /** The address a token unsubscribes, or null when it is not a valid token. */
  async addressOf(token: unknown): Promise<string | null> {
    this.key ??= readLinkKey(this.dataSource.manager);
    return readAddressLink(await this.key, 'unsubscribe', token);
  }

  /** Suppresses bulk mail to the token's address; false for an invalid token. Repeating it is harmless. */
  async unsubscribe(token: unknown): Promise<boolean> {
    const address = await this.addressOf(token);
    if (!address) return false;
    await MailSuppressions.unsubscribed(this.dataSource.manager, address);
    return true;
  }
}
