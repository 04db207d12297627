import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export const AUDIT_ACTIONS = [
  'registrants.view',
  'registrants.export',
  'erasure',
  'agreement.create',
  'agreement.terminate',
] as const;

export interface AuditFilter {
  /** An actor kind (`admin`, `token`, `organizer`, `registrant`, `system`) or an actor id (admin email, organizer id). */
  actor?: string;
  action?: string;
  eventId?: string;
  limit: number;
  offset?: number;
}

export interface AuditEntry {
  id: string;
  at: Date;
  actorKind: string;
  actorId: string | null;
  partnerId: string | null;
  action: string;
  eventId: string | null;
  agreementId: string | null;
  detail: Record<string, unknown> | null;
}

const ACTOR_KINDS = ['admin', 'token', 'organizer', 'registrant', 'system'];

/** Reads the audit log (newest first) for hub admins: the JSON API and the console page. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const actor = filter.actor?.trim() || null;
    const kind = actor && ACTOR_KINDS.includes(actor) ? actor : null;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id::text, at, actor_kind, actor_id, partner_id, action, event_id, agreement_id, detail FROM audit_log
        WHERE ($1::text IS NULL OR action = $1) AND ($2::uuid IS NULL OR event_id = $2)
          AND ($3::text IS NULL OR actor_kind = $3) AND ($4::text IS NULL OR lower(actor_id) = lower($4))
        ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6`,
      [
        filter.action ?? null,
        filter.eventId ?? null,
        kind,
        actor && !kind ? actor : null,
        filter.limit,
        filter.offset ?? 0,
      ],
    );
    return rows.map((r) => ({
      id: r.id as string,
      at: r.at as Date,
      actorKind: r.actor_kind as string,
      actorId: r.actor_id as string | null,
      partnerId: r.partner_id as string | null,
      action: r.action as string,
      eventId: r.event_id as string | null,
      agreementId: r.agreement_id as string | null,
      detail: r.detail as Record<string, unknown> | null,
    }));
  }
}
