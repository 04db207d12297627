import { EntityManager } from 'typeorm';

export type AnnouncementAudience = 'confirmed' | 'waitlisted' | 'both';
export const ANNOUNCEMENT_AUDIENCES: readonly AnnouncementAudience[] = ['confirmed', 'waitlisted', 'both'];

/** An announcement as stored, with the delivery state of its emails. */
export interface AnnouncementRow {
  id: string;
  eventId: string;
  subject: { en: string; ja: string };
  body: { en: string; ja: string };
  audience: AnnouncementAudience;
  consentingOnly: boolean;
  createdBy: { name: string | null; partner: { en: string; ja: string | null } | null };
  recipients: number;
  createdAt: Date;
  delivery: { pending: number; sent: number; failed: number; skipped: number };
}

interface RawRow {
  id: string;
  event_id: string;
  subject_en: string;
  subject_ja: string;
  body_en: string;
  body_ja: string;
  audience: AnnouncementAudience;
  consenting_only: boolean;
  created_by_name: string | null;
  partner_en: string | null;
  partner_ja: string | null;
  recipients: number;
  created_at: Date;
  pending: string | number | null;
  sent: string | number | null;
  failed: string | number | null;
  skipped: string | number | null;
}

const SELECT = `
  SELECT a.id, a.event_id, a.subject_en, a.subject_ja, a.body_en, a.body_ja, a.audience, a.consenting_only,
         a.recipients, a.created_at, o.name AS created_by_name, p.name_en AS partner_en, p.name_ja AS partner_ja,
         d.pending, d.sent, d.failed, d.skipped
    FROM announcements a
    LEFT JOIN organizers o ON o.id = a.created_by
    LEFT JOIN partners p ON p.id = a.created_by_partner_id
    LEFT JOIN (
      SELECT n.data->>'announcementId' AS announcement_id,
             count(*) FILTER (WHERE n.status = 'pending') AS pending,
             count(*) FILTER (WHERE n.status = 'sent') AS sent,
             count(*) FILTER (WHERE n.status = 'failed') AS failed,
             count(*) FILTER (WHERE n.status = 'skipped') AS skipped
        FROM notifications n
       WHERE n.event_id = $1 AND n.kind = 'event.announcement'
       GROUP BY 1
    ) d ON d.announcement_id = a.id::text`;

function toRow(raw: RawRow): AnnouncementRow {
  return {
    id: raw.id,
    eventId: raw.event_id,
    subject: { en: raw.subject_en, ja: raw.subject_ja },
    body: { en: raw.body_en, ja: raw.body_ja },
    audience: raw.audience,
    consentingOnly: raw.consenting_only,
    createdBy: {
      name: raw.created_by_name,
      partner: raw.partner_en === null ? null : { en: raw.partner_en, ja: raw.partner_ja },
    },
    recipients: raw.recipients,
    createdAt: raw.created_at,
    delivery: {
      pending: Number(raw.pending ?? 0),
      sent: Number(raw.sent ?? 0),
      failed: Number(raw.failed ?? 0),
      skipped: Number(raw.skipped ?? 0),
    },
  };
}

/**
 * The owner of the `announcements` table's SQL. Its emails are outbox rows
 * (`Outbox.forAnnouncement`), counted here by their status.
 */
export const AnnouncementsRepository = {
  /**
   * Records an announcement; with an `idempotencyKey` already used for this
   * event nothing is written and null comes back (the caller answers with the
   * first one, {@link AnnouncementsRepository.byKey}).
   */
  async insert(
    manager: EntityManager,
    row: {
      eventId: string;
      subject: { en: string; ja: string };
      body: { en: string; ja: string };
      audience: AnnouncementAudience;
      consentingOnly: boolean;
      createdBy: string | null;
      createdByPartnerId: string | null;
      idempotencyKey: string | null;
    },
  ): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO announcements (event_id, subject_en, subject_ja, body_en, body_ja, audience, consenting_only,
                                  created_by, created_by_partner_id, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (event_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        row.eventId,
        row.subject.en,
        row.subject.ja,
        row.body.en,
        row.body.ja,
        row.audience,
        row.consentingOnly,
        row.createdBy,
        row.createdByPartnerId,
        row.idempotencyKey,
      ],
    );
    return rows[0]?.id ?? null;
  },

  async setRecipients(manager: EntityManager, id: string, recipients: number): Promise<void> {
    await manager.query(`UPDATE announcements SET recipients = $2 WHERE id = $1`, [id, recipients]);
  },

  async byKey(manager: EntityManager, eventId: string, idempotencyKey: string): Promise<AnnouncementRow | null> {
    const rows: RawRow[] = await manager.query(`${SELECT} WHERE a.event_id = $1 AND a.idempotency_key = $2`, [
      eventId,
      idempotencyKey,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  },

  async byId(manager: EntityManager, eventId: string, id: string): Promise<AnnouncementRow | null> {
    const rows: RawRow[] = await manager.query(`${SELECT} WHERE a.event_id = $1 AND a.id = $2`, [eventId, id]);
    return rows[0] ? toRow(rows[0]) : null;
  },

  /** The event's announcements, newest first, with their emails' delivery counts. */
  async list(manager: EntityManager, eventId: string, limit = 100): Promise<AnnouncementRow[]> {
    const rows: RawRow[] = await manager.query(
      `${SELECT} WHERE a.event_id = $1 ORDER BY a.created_at DESC, a.id LIMIT $2`,
      [eventId, limit],
    );
    return rows.map(toRow);
  },

  /**
   * The first registrant of `audience` writing in `locale` (registration
   * order): whom a preview is addressed to. `consentingOnly` as in the send.
   */
  async sampleRecipient(
    manager: EntityManager,
    eventId: string,
    options: { audience: AnnouncementAudience; consentingOnly: boolean; locale: 'ja' | 'en' },
  ): Promise<{ email: string; name: string; timezone: string } | null> {
    const statuses = options.audience === 'both' ? ['confirmed', 'waitlisted'] : [options.audience];
    const rows: Array<{ email: string; name: string; timezone: string }> = await manager.query(
      `SELECT email, name, timezone FROM registrations
        WHERE event_id = $1 AND status = ANY($2::text[]) AND locale = $3 AND (NOT $4::boolean OR share_with_cohosts)
        ORDER BY created_at, id LIMIT 1`,
      [eventId, statuses, options.locale, options.consentingOnly],
    );
    return rows[0] ?? null;
  },

  /** How many registrants an announcement to `audience` reaches now. */
  async audienceSize(
    manager: EntityManager,
    eventId: string,
    options: { audience: AnnouncementAudience; consentingOnly: boolean },
  ): Promise<number> {
    const statuses = options.audience === 'both' ? ['confirmed', 'waitlisted'] : [options.audience];
    const [row]: Array<{ n: string }> = await manager.query(
      `SELECT count(*) AS n FROM registrations
        WHERE event_id = $1 AND status = ANY($2::text[]) AND (NOT $3::boolean OR share_with_cohosts)`,
      [eventId, statuses, options.consentingOnly],
    );
    return Number(row.n);
  },
};
