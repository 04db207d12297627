import { EntityManager } from 'typeorm';

/**
 * The writes of `mail_suppressions`: addresses that get no bulk mail
 * (invitations, announcements, follow-ups). The sender reads them before
 * every bulk email.
 */
export const MailSuppressions = {
  /** A one-click unsubscribe: honoured at once; it replaces an earlier reason (a bounce). Repeating it is harmless. */
  async unsubscribed(db: EntityManager, address: string): Promise<void> {
    await db.query(
      `INSERT INTO mail_suppressions (address, scope, reason) VALUES (lower($1), 'bulk', 'unsubscribed')
       ON CONFLICT (address, scope) DO UPDATE SET reason = 'unsubscribed', detail = NULL`,
      [address],
    );
  },

  /** A hard bounce (an SMTP 5xx at send time); an earlier reason (an unsubscribe) stays. */
  async hardBounce(db: EntityManager, address: string, detail: string): Promise<void> {
    await db.query(
      `INSERT INTO mail_suppressions (address, scope, reason, detail) VALUES (lower($1), 'bulk', 'hard_bounce', $2)
       ON CONFLICT (address, scope) DO NOTHING`,
      [address, detail],
    );
  },

  /** Bulk mail goes to the address again; false if it was not suppressed. */
  async remove(db: EntityManager, address: string): Promise<boolean> {
    const [rows] = (await db.query(`DELETE FROM mail_suppressions WHERE address = lower($1) RETURNING 1`, [
      address,
    ])) as [unknown[], number];
    return rows.length > 0;
  },
};
