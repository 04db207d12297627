import { toCsv } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import {
  ListRegistrationsQueryDto,
  RegistrationItemDto,
  RegistrationListDto,
  RegistrationStatusFilter,
} from './dto/registration-list.dto';
import { RegistrationRow, RegistrationViewsRepository, zeroCounts } from './registration-views.repository';

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
  'attended',
  'joinedAt',
] as const;

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
    private readonly registrations: RegistrationViewsRepository,
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
      this.registrations.rows(event.id, consentedOnly, query.status, { limit, offset }),
      this.registrations.count(event.id, consentedOnly, query.status),
      this.registrations.statusCounts(event.id),
      this.registrations.partnerCounts(event.id),
    ]);
    return {
      view: consentedOnly ? 'consented' : 'all',
      items: rows.map(toItem),
      total,
      limit,
      offset,
      totals: counts.totals,
      hidden: consentedOnly ? counts.unshared : zeroCounts(),
      byPartner,
    };
  }

  /** Every row the caller may see (no paging): UTF-8 with BOM, formula-safe cells. */
  async csv(idOrSlug: string, caller: Caller | undefined, status?: RegistrationStatusFilter): Promise<string> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'view_registrations');
    const rows = await this.registrations.rows(event.id, relation !== 'host', status);
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
        r.attended,
        r.joined_at?.toISOString() ?? null,
      ]),
    );
  }
}

function toItem(row: RegistrationRow): RegistrationItemDto {
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
    attended: row.attended,
    joinedAt: row.joined_at?.toISOString() ?? null,
  };
  if (row.waitlist_position !== null) item.waitlistPosition = Number(row.waitlist_position);
  return item;
}
