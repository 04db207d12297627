import { RegistrantCursor, StoredAnswer } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  MemberOrganizationCountsDto,
  PartnerCountsDto,
  RegistrationStatusFilter,
  StatusCountsDto,
} from './dto/registration-list.dto';
import {
  RegistrantFilter,
  registrantCountQuery,
  registrantPageQuery,
  registrantRowsQuery,
} from './registration-views.sql';

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
  /** Its answers to registration questions, each with the question as answered. */
  answers: StoredAnswer[];
  /** `created_at` to the microsecond, in UTC: the row's place for a keyset cursor. */
  cursor_at: string;
}

export const zeroCounts = (): StatusCountsDto => ({ confirmed: 0, waitlisted: 0, cancelled: 0 });

/**
 * The SQL of what organizers see of an event's registrants (one owner for
 * these reads: `RegistrationViewsService` decides who sees what and shapes
 * the answer); the statements of rows, pages and counts are built in
 * `registration-views.sql.ts` from a `RegistrantFilter` (status, partner,
 * search, and `consentedOnly`: only registrants who consented to share with
 * co-hosts). Waitlist positions are computed live (`row_number()` in
 * FIFO order), so they move up as people ahead leave.
 */
@Injectable()
export class RegistrationViewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Rows of `filter` in the table's order, all of them or one offset page (the JSON list, the CSV). */
  rows(
    eventId: string,
    filter: RegistrantFilter,
    page?: { limit: number; offset: number },
  ): Promise<RegistrationRow[]> {
    const query = registrantRowsQuery(eventId, filter, page);
    return this.dataSource.query(query.text, query.params);
  }

  /**
   * One keyset page of the registrant table (`registrantPageQuery`): up to
   * `limit` rows after or before the cursor, in the table's order, whether
   * more follow in that direction, and whether any lie on the cursor's
   * other side.
   */
  async page(
    eventId: string,
    filter: RegistrantFilter,
    page: { limit: number; after?: RegistrantCursor; before?: RegistrantCursor },
  ): Promise<{ rows: RegistrationRow[]; more: boolean; beyondCursor: boolean }> {
    const query = registrantPageQuery(eventId, filter, page);
    const found = (await this.dataSource.query(query.text, query.params)) as Array<
      RegistrationRow & { beyond_cursor: boolean }
    >;
    const rows = found.slice(0, page.limit);
    if (page.before) rows.reverse();
    return { rows, more: found.length > page.limit, beyondCursor: found[0]?.beyond_cursor ?? false };
  }

  async count(eventId: string, filter: RegistrantFilter): Promise<number> {
    const query = registrantCountQuery(eventId, filter);
    const [row] = (await this.dataSource.query(query.text, query.params)) as Array<{ n: number }>;
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

  /** Counts by member organization (members-only events; counts reveal nobody). */
  async memberCounts(eventId: string): Promise<MemberOrganizationCountsDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.name_en, o.name_ja, r.status, count(*)::int AS n
         FROM registrations r JOIN member_organizations o ON o.id = r.member_organization_id
        WHERE r.event_id = $1
        GROUP BY o.id, r.status
        ORDER BY coalesce(o.name_en, o.name_ja), o.id`,
      [eventId],
    )) as Array<{
      id: string;
      name_en: string | null;
      name_ja: string | null;
      status: RegistrationStatusFilter;
      n: number;
    }>;
    const byId = new Map<string, MemberOrganizationCountsDto>();
    for (const row of rows) {
      const name = { ...(row.name_en ? { en: row.name_en } : {}), ...(row.name_ja ? { ja: row.name_ja } : {}) };
      const entry = byId.get(row.id) ?? { organization: { id: row.id, name }, ...zeroCounts() };
      entry[row.status] += row.n;
      byId.set(row.id, entry);
    }
    return [...byId.values()];
  }
}
