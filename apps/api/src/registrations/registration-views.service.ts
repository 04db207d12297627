import { toCsv } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import {
  ListRegistrationsQueryDto,
  PartnerCountsDto,
  RegistrationItemDto,
  RegistrationListDto,
  RegistrationStatusFilter,
  StatusCountsDto,
} from './dto/registration-list.dto';

interface Row {
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
}

const CSV_COLUMNS = [
  'id',
  'status',
  'waitlistPosition',
  'name',
  'email',
  'organization',
  'locale',
  'timezone',
  'via',
  'shareWithCohosts',
  'registeredAt',
  'confirmedAt',
  'cancelledAt',
  'cancelledBy',
] as const;

const zero = (): StatusCountsDto => ({ confirmed: 0, waitlisted: 0, cancelled: 0 });

/**
 * What organizers see of an event's registrants. The host's organizers see
 * everyone; anybody else allowed to look (an accepted co-host, the hub admin)
 * sees only registrants who consented to share with co-hosts, and counts for
 * the rest. Counts by status and by `via` partner reveal nobody and are
 * shown to all of them.
 */
@Injectable()
export class RegistrationViewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
  ) {}

  async list(
    idOrSlug: string,
    caller: Caller | undefined,
    query: ListRegistrationsQueryDto,
  ): Promise<RegistrationListDto> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'view_registrations');
    const consentedOnly = relation !== 'host';
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const [rows, total, counts, byPartner] = await Promise.all([
      this.rows(event.id, consentedOnly, query.status, { limit, offset }),
      this.count(event.id, consentedOnly, query.status),
      this.statusCounts(event.id),
      this.partnerCounts(event.id),
    ]);
    return {
      view: consentedOnly ? 'consented' : 'all',
      items: rows.map(toItem),
      total,
      limit,
      offset,
      totals: counts.totals,
      hidden: consentedOnly ? counts.unshared : zero(),
      byPartner,
    };
  }

  /** Every row the caller may see (no paging): UTF-8 with BOM, formula-safe cells. */
  async csv(idOrSlug: string, caller: Caller | undefined, status?: RegistrationStatusFilter): Promise<string> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'view_registrations');
    const rows = await this.rows(event.id, relation !== 'host', status);
    return toCsv(
      CSV_COLUMNS,
      rows.map((r) => [
        r.id,
        r.status,
        r.waitlist_position === null ? null : Number(r.waitlist_position),
        r.name,
        r.email,
        r.organization,
        r.locale,
        r.timezone,
        r.via,
        r.share_with_cohosts,
        r.created_at.toISOString(),
        r.confirmed_at?.toISOString() ?? null,
        r.cancelled_at?.toISOString() ?? null,
        r.cancelled_by,
      ]),
    );
  }

  private rows(
    eventId: string,
    consentedOnly: boolean,
    status: RegistrationStatusFilter | undefined,
    page?: { limit: number; offset: number },
  ): Promise<Row[]> {
    return this.dataSource.query(
      `SELECT r.id, r.status, w.position AS waitlist_position, r.email, r.name, r.organization, r.locale,
              r.timezone, p.slug AS via, r.share_with_cohosts, r.created_at, r.confirmed_at, r.cancelled_at,
              r.cancelled_by
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

  private async count(eventId: string, consentedOnly: boolean, status?: RegistrationStatusFilter): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM registrations
        WHERE event_id = $1 AND ($2::text IS NULL OR status = $2) AND (NOT $3::boolean OR share_with_cohosts)`,
      [eventId, status ?? null, consentedOnly],
    )) as Array<{ n: number }>;
    return row.n;
  }

  private async statusCounts(eventId: string): Promise<{ totals: StatusCountsDto; unshared: StatusCountsDto }> {
    const rows = (await this.dataSource.query(
      `SELECT status, share_with_cohosts, count(*)::int AS n FROM registrations
        WHERE event_id = $1 GROUP BY status, share_with_cohosts`,
      [eventId],
    )) as Array<{ status: RegistrationStatusFilter; share_with_cohosts: boolean; n: number }>;
    const totals = zero();
    const unshared = zero();
    for (const row of rows) {
      totals[row.status] += row.n;
      if (!row.share_with_cohosts) unshared[row.status] += row.n;
    }
    return { totals, unshared };
  }

  private async partnerCounts(eventId: string): Promise<PartnerCountsDto[]> {
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
      const entry = byVia.get(row.via) ?? { via: row.via, ...zero() };
      entry[row.status] += row.n;
      byVia.set(row.via, entry);
    }
    return [...byVia.values()];
  }
}

function toItem(row: Row): RegistrationItemDto {
  const item: RegistrationItemDto = {
    id: row.id,
    status: row.status,
    email: row.email,
    name: row.name,
    organization: row.organization,
    locale: row.locale,
    timezone: row.timezone,
    via: row.via,
    consent: { shareWithCohosts: row.share_with_cohosts },
    registeredAt: row.created_at.toISOString(),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    cancelledBy: row.cancelled_by,
  };
  if (row.waitlist_position !== null) item.waitlistPosition = Number(row.waitlist_position);
  return item;
}
