import { EntityManager } from 'typeorm';

export type AuditAction =
  'registrants.view' | 'registrants.export' | 'erasure' | 'agreement.create' | 'agreement.terminate';

export interface AuditActor {
  kind: 'admin' | 'token' | 'organizer' | 'registrant' | 'system';
  id?: string | null;
  partnerId?: string | null;
}

export interface AuditRecord {
  actor: AuditActor;
  action: AuditAction;
  eventId?: string | null;
  agreementId?: string | null;
  detail?: Record<string, unknown>;
}

/** The one writer of `audit_log`: call it with the manager of the act's transaction (or the data source's). */
export const AuditLog = {
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_kind, actor_id, partner_id, action, event_id, agreement_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.actor.kind,
        entry.actor.id ?? null,
        entry.actor.partnerId ?? null,
        entry.action,
        entry.eventId ?? null,
        entry.agreementId ?? null,
        entry.detail ? JSON.stringify(entry.detail) : null,
      ],
    );
  },

  /**
   * The agreement under which a co-host sees an event's registrants: one
   * between the host and that partner, in force over the event's days.
   */
  /** The retention sweep: entries older than `cutoff` go; returns how many. */
  async deleteOlderThan(manager: EntityManager, cutoff: Date): Promise<number> {
    const [rows] = (await manager.query(`DELETE FROM audit_log WHERE at < $1 RETURNING id`, [cutoff])) as [
      unknown[],
      number,
    ];
    return rows.length;
  },

  async agreementCovering(manager: EntityManager, eventId: string, partnerId: string): Promise<string | null> {
    const [row]: Array<{ id: string }> = await manager.query(
      `SELECT a.id FROM agreements a JOIN events e ON e.id = $1
        WHERE ((a.partner_a_id = e.host_partner_id AND a.partner_b_id = $2)
            OR (a.partner_b_id = e.host_partner_id AND a.partner_a_id = $2))
          AND a.effective_from <= e.starts_at::date
          AND (a.expires_on IS NULL OR a.expires_on > e.ends_at::date)
          AND (a.terminated_on IS NULL OR a.terminated_on > e.ends_at::date)
        ORDER BY a.effective_from DESC LIMIT 1`,
      [eventId, partnerId],
    );
    return row?.id ?? null;
  },
};
