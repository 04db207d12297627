import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PartnerCountsDto, RegistrationStatusFilter, StatusCountsDto } from './dto/registration-list.dto';

/** A registration as organizers see it, with its live waitlist position. */
export interface RegistrationRow {
  id: string;
  status: RegistrationStatusFilter;
  waitlist_position: string | null;
  email: string;
  name: string;
  organization: string;
  locale: 'ja' | 'en';
  timezone: string;
  via: string | null;
  share_with_cohosts: boolean;
  created_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: 'registrant' | 'organizer' | 'event' | null;
  attended: boolean;
  joined_at: Date | null;
}

export const zeroCounts = (): StatusCountsDto => ({ confirmed: 0, waitlisted: 0, cancelled: 0 });

/**
 * The SQL of what organizers see of an event's registrants (one owner for
 * these reads: `RegistrationViewsService` decides who sees what and shapes
 * the answer). `consentedOnly` keeps only registrants who consented to share
 * with co-hosts. Waitlist positions are computed live (`row_number()` in
 * FIFO order), so they move up as people ahead leave.
 */
@Injectable()
export class RegistrationViewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  rows(
    eventId: string,
    consentedOnly: boolean,
    status: RegistrationStatusFilter | undefined,
    page?: { limit: number; offset: number },
  ): Promise<RegistrationRow[]> {
    return this.dataSource.query(
      `SELECT r.id, r.status, w.position AS waitlist_position, r.email, r.name, r.organization, r.locale,
              r.timezone, p.slug AS via, r.share_with_cohosts, r.created_at, r.confirmed_at, r.cancelled_at,
              r.cancelled_by, r.attended, r.joined_at
         FROM registrations r
         LEFT JOIN partners p ON p.id = r.via_partner_id
         LEFT JOIN (SELECT id, row_number() OVER (ORDER BY waitlisted_at, id) AS position
                      FROM registrations WHERE event_id = $1 AND status = 'waitlisted') w ON w.id = r.id
        WHERE r.event_id = $1
          AND ($2::text IS NULL OR r.status = $2)
          AND (NOT $3::boolean OR r.share_with_cohosts)
        ORDER BY r.created_at, r.id
        LIMIT $4 OFFSET $5`,
      [eventId, status ?? null, consentedOnly, page?.limit ?? null, page?.offset ?? 0],
    );
  }

  async count(eventId: string, consentedOnly: boolean, status?: RegistrationStatusFilter): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM registrations
        WHERE event_id = $1 AND ($2::text IS NULL OR status = $2) AND (NOT $3::boolean OR share_with_cohosts)`,
      [eventId, status ?? null, consentedOnly],
    )) as Array<{ n: number }>;
    return row.n;
  }

  async statusCounts(eventId: string): Promise<{ totals: StatusCountsDto; unshared: StatusCountsDto }> {
    const rows = (await this.dataSource.query(
      `SELECT status, share_with_cohosts, count(*)::int AS n FROM registrations
        WHERE event_id = $1 GROUP BY status, share_with_cohosts`,
      [eventId],
    )) as Array<{ status: RegistrationStatusFilter; share_with_cohosts: boolean; n: number }>;
    const totals = zeroCounts();
    const unshared = zeroCounts();
    for (const row of rows) {
      totals[row.status] += row.n;
      if (!row.share_with_cohosts) unshared[row.status] += row.n;
    }
    return { totals, unshared };
  }

  async partnerCounts(eventId: string): Promise<PartnerCountsDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.slug AS via, r.status, count(*)::int AS n
         FROM registrations r LEFT JOIN partners p ON p.id = r.via_partner_id
        WHERE r.event_id = $1
        GROUP BY p.slug, r.status
        ORDER BY p.slug NULLS LAST`,
      [eventId],
    )) as Array<{ via: string | null; status: RegistrationStatusFilter; n: number }>;
    const byVia = new Map<string | null, PartnerCountsDto>();
    for (const row of rows) {
      const entry = byVia.get(row.via) ?? { via: row.via, ...zeroCounts() };
      entry[row.status] += row.n;
      byVia.set(row.via, entry);
    }
    return [...byVia.values()];
  }
}
