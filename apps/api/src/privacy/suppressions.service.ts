import { MailSuppressions } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface Suppression {
  address: string;
  /** `bulk`: invitations, announcements and follow-ups (transactional emails still go). */
  scope: string;
  /** `unsubscribed` (one-click link) or `hard_bounce` (an SMTP 5xx at send time). */
  reason: string;
  /** The server's answer of a hard bounce. */
  detail: string | null;
  createdAt: Date;
}

/**
 * Addresses that get no bulk mail (`mail_suppressions`), as hub admins see
 * and lift them. The unsubscribe link and the sender's bounce handling write
 * them; the sender reads them before every bulk email.
 */
@Injectable()
export class SuppressionsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first. */
  async list(page: { limit: number; offset: number }): Promise<Suppression[]> {
    return this.dataSource.query(
      `SELECT address, scope, reason, detail, created_at AS "createdAt" FROM mail_suppressions
        ORDER BY created_at DESC, address LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
  }

  async find(address: string): Promise<Suppression[]> {
    return this.dataSource.query(
      `SELECT address, scope, reason, detail, created_at AS "createdAt" FROM mail_suppressions
        WHERE address = lower($1) ORDER BY scope`,
      [address],
    );
  }

  /** Bulk mail goes to the address again (e.g. its mailbox was fixed, or it asked); false if it was not suppressed. */
  async remove(address: string): Promise<boolean> {
    return MailSuppressions.remove(this.dataSource.manager, address);
  }
}
