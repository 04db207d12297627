import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DailyCount } from './event-days';

export type Dimension = 'status' | 'via' | 'locale' | 'timezone' | 'member';
type Status = 'confirmed' | 'waitlisted' | 'cancelled';

/** One group of one breakdown: its key (null: no partner / no member organization) and count per status. */
export interface BreakdownRow {
  dimension: Dimension;
  key: string | null;
  name_en: string | null;
  name_ja: string | null;
  status: Status;
  n: number;
  /** Of these, how many attended. */
  attended: number;
}

export interface EventTotalsRow {
  event_id: string;
  confirmed: number;
  waitlisted: number;
  cancelled: number;
  /** Confirmed registrants who attended. */
  attended: number;
}

/**
 * The SQL of the numbers (one owner for these aggregates): counts only,
 * never a registrant's row. Each reads the registrations of an event
 * through `registrations_event_status_idx`; two queries an event page, one
 * a dashboard, whatever the number of registrants (10,000 on one event:
 * see docs/console.md "The numbers").
 */
@Injectable()
export class NumbersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every breakdown of an event in one pass (`GROUPING SETS`): by status
   * alone, and by status with the `via` partner, the language, the time
   * zone and the member organization.
   */
  breakdowns(eventId: string): Promise<BreakdownRow[]> {
    return this.dataSource.query(
      `SELECT CASE WHEN grouping(p.slug) = 0 THEN 'via'
                   WHEN grouping(r.locale) = 0 THEN 'locale'
                   WHEN grouping(r.timezone) = 0 THEN 'timezone'
                   WHEN grouping(o.id) = 0 THEN 'member'
                   ELSE 'status' END AS dimension,
              coalesce(p.slug, r.locale, r.timezone, o.id::text) AS key,
              coalesce(p.name_en, o.name_en) AS name_en,
              coalesce(p.name_ja, o.name_ja) AS name_ja,
              r.status,
              count(*)::int AS n,
              count(*) FILTER (WHERE r.attended)::int AS attended
         FROM registrations r
         LEFT JOIN partners p ON p.id = r.via_partner_id
         LEFT JOIN member_organizations o ON o.id = r.member_organization_id
        WHERE r.event_id = $1
        GROUP BY GROUPING SETS ((r.status), (r.status, p.slug, p.name_en, p.name_ja), (r.status, r.locale),
                                (r.status, r.timezone), (r.status, o.id, o.name_en, o.name_ja))`,
      [eventId],
    );
  }

  /** Confirmed and waitlisted registrations per day they were made, on the clock of `zone` (days with none absent). */
  async daily(eventId: string, zone: string): Promise<DailyCount[]> {
    const rows = (await this.dataSource.query(
      `SELECT to_char(created_at AT TIME ZONE $2, 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
         FROM registrations
        WHERE event_id = $1 AND status IN ('confirmed', 'waitlisted')
        GROUP BY 1
        ORDER BY 1`,
      [eventId, zone],
    )) as DailyCount[];
    return rows;
  }

  /** Totals per event for a list of events (events without registrations are absent). */
  totals(eventIds: readonly string[]): Promise<EventTotalsRow[]> {
    if (eventIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT event_id,
              count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE status = 'confirmed' AND attended)::int AS attended
         FROM registrations
        WHERE event_id = ANY($1::uuid[])
        GROUP BY event_id`,
      [eventIds],
    );
  }
}
