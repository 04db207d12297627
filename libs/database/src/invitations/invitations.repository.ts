import { EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE ... RETURNING with `[rows, affected]`. */
function idsOf(result: unknown): string[] {
  return (result as [Array<{ id: string }>, number])[0].map((row) => row.id);
}

/** One row of the console's invitation list, with the delivery of its latest email. */
export interface InvitationListItem {
  id: string;
  email: string;
  invitedAt: Date;
  usedAt: Date | null;
  partnerEn: string | null;
  partnerJa: string | null;
  /** The latest email's status; null if none was queued. */
  status: 'pending' | 'sent' | 'failed' | 'skipped' | null;
  attempts: number | null;
  lastError: string | null;
  sentAt: Date | null;
  queuedAt: Date | null;
  /** Emails queued for this invitation (one per round it was in). */
  emails: number;
}

/**
 * The SQL of the `invitations` table: the API's invitation rounds and
 * lists, and anonymization (an erasure, the retention sweep). The code hash
 * is written by the worker's minter (`mintInvitationCode`); a registration
 * marks its invitation used in the registration statements.
 * `partnerId` (a co-host's cut): only the invitations that partner sent, and
 * only registrants who consented to share with co-hosts; null: all.
 */
export const InvitationsRepository = {
  /**
   * One row per address of the event (case-insensitive), recording the
   * partner who first invited it (who may see its emails in the
   * notifications list); an address invited again keeps its row, and becomes
   * usable again if the registration its code was used for was cancelled.
   * Returns each row's id and whether it is new.
   */
  async upsert(
    manager: EntityManager,
    eventId: string,
    emails: readonly string[],
    invitedByPartnerId: string,
  ): Promise<Array<{ id: string; created: boolean }>> {
    const rows: Array<{ id: string; created: boolean }> = await manager.query(
      `INSERT INTO invitations (event_id, email, invited_by_partner_id)
       SELECT $1, address, $3 FROM unnest($2::text[]) AS address
       ON CONFLICT (event_id, lower(email)) DO UPDATE
          SET used_at = CASE WHEN EXISTS (SELECT 1 FROM registrations r
                                           WHERE r.id = invitations.registration_id AND r.status <> 'cancelled')
                             THEN invitations.used_at END,
              registration_id = CASE WHEN EXISTS (SELECT 1 FROM registrations r
                                                   WHERE r.id = invitations.registration_id AND r.status <> 'cancelled')
                                     THEN invitations.registration_id END
       RETURNING id, (xmax = 0) AS created`,
      [eventId, emails, invitedByPartnerId],
    );
    return rows;
  },

  /** Whether each (lower-case) address is registered (a live registration), invited, or neither, in order. */
  async check(
    db: EntityManager,
    eventId: string,
    addresses: readonly string[],
    partnerId: string | null,
  ): Promise<Array<{ address: string; registered: boolean; invited: boolean }>> {
    if (addresses.length === 0) return [];
    return db.query(
      `SELECT a.address,
              EXISTS (SELECT 1 FROM registrations r
                       WHERE r.event_id = $1 AND lower(r.email) = a.address AND r.status <> 'cancelled'
                         AND ($3::uuid IS NULL OR r.share_with_cohosts)) AS registered,
              EXISTS (SELECT 1 FROM invitations i
                       WHERE i.event_id = $1 AND lower(i.email) = a.address
                         AND ($3::uuid IS NULL OR i.invited_by_partner_id = $3)) AS invited
         FROM unnest($2::text[]) WITH ORDINALITY AS a(address, n)
        ORDER BY a.n`,
      [eventId, addresses, partnerId],
    );
  },

  async count(db: EntityManager, eventId: string, partnerId: string | null): Promise<number> {
    const [{ total }]: Array<{ total: number }> = await db.query(
      `SELECT count(*)::int AS total FROM invitations
        WHERE event_id = $1 AND ($2::uuid IS NULL OR invited_by_partner_id = $2)`,
      [eventId, partnerId],
    );
    return total;
  },

  /** A page of the event's invitations, newest first, each with its latest email's delivery. */
  async page(
    db: EntityManager,
    eventId: string,
    partnerId: string | null,
    page: { limit: number; offset: number },
  ): Promise<InvitationListItem[]> {
    return db.query(
      `SELECT i.id, i.email, i.created_at AS "invitedAt", i.used_at AS "usedAt",
              p.name_en AS "partnerEn", p.name_ja AS "partnerJa",
              n.status, n.attempts, n.last_error AS "lastError", n.sent_at AS "sentAt", n.created_at AS "queuedAt",
              (SELECT count(*)::int FROM notifications c WHERE c.invitation_id = i.id AND c.kind = 'invitation') AS emails
         FROM invitations i
         LEFT JOIN partners p ON p.id = i.invited_by_partner_id
         LEFT JOIN LATERAL (SELECT status, attempts, last_error, sent_at, created_at FROM notifications
                             WHERE invitation_id = i.id AND kind = 'invitation'
                             ORDER BY id DESC LIMIT 1) n ON true
        WHERE i.event_id = $1 AND ($2::uuid IS NULL OR i.invited_by_partner_id = $2)
        ORDER BY i.created_at DESC, i.id DESC
        LIMIT $3 OFFSET $4`,
      [eventId, partnerId, page.limit, page.offset],
    );
  },

  /** An erasure: the address's invitations keep their row under `erased-<id>@invalid`. Returns the ids. */
  async anonymizeByEmail(db: EntityManager, address: string): Promise<string[]> {
    return idsOf(
      await db.query(
        `UPDATE invitations SET email = 'erased-' || id || '@invalid' WHERE lower(email) = lower($1) RETURNING id`,
        [address],
      ),
    );
  },

  /** The retention sweep: the same for invitations of events that ended before `cutoff`, not yet anonymized. */
  async anonymizeOfEventsEndedBefore(db: EntityManager, cutoff: Date): Promise<string[]> {
    return idsOf(
      await db.query(
        `UPDATE invitations i SET email = 'erased-' || i.id || '@invalid'
           FROM events e
          WHERE e.id = i.event_id AND e.ends_at < $1 AND i.email NOT LIKE '%@invalid'
          RETURNING i.id`,
        [cutoff],
      ),
    );
  },
};
