import {
  encodeCursor,
  labelIn,
  NotFoundError,
  LocalizedLabel,
  RegistrantCursor,
  searchTerm,
  StoredAnswer,
  toCsv,
} from '@cohost/domain';
import { AuditLog, EventEntity } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { auditActorOf } from '../privacy/audit-actor';
import {
  ListRegistrationsQueryDto,
  NO_PARTNER,
  PartnerCountsDto,
  RegistrantFilterQueryDto,
  RegistrationItemDto,
  RegistrationListDto,
  StatusCountsDto,
} from './dto/registration-list.dto';
import { RegistrationRow, RegistrationViewsRepository, zeroCounts } from './registration-views.repository';
import { RegistrantFilter } from './registration-views.sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    private readonly dataSource: DataSource,
  ) {}

  /** The audit log's line for a view or export: who, which event, and a co-host's agreement. */
  private async audit(caller: Caller | undefined, eventId: string, action: 'registrants.view' | 'registrants.export') {
    const actor = auditActorOf(caller);
    const manager = this.dataSource.manager;
    const agreementId = actor.partnerId ? await AuditLog.agreementCovering(manager, eventId, actor.partnerId) : null;
    await AuditLog.record(manager, { actor, action, eventId, agreementId });
  }

  async list(
    idOrSlug: string,
    caller: Caller | undefined,
    query: ListRegistrationsQueryDto,
  ): Promise<RegistrationListDto> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'view_registrations');
    await this.audit(caller, event.id, 'registrants.view');
    const consentedOnly = relation !== 'host';
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const filter = filterOf(query, consentedOnly);
    const [rows, total, counts, byPartner, byOrganization] = await Promise.all([
      this.registrations.rows(event.id, filter, { limit, offset }),
      this.registrations.count(event.id, filter),
      this.registrations.statusCounts(event.id),
      this.registrations.partnerCounts(event.id),
      event.audience === 'members' ? this.registrations.memberCounts(event.id) : [],
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
      byOrganization,
    };
  }

  /**
   * One page of the console's registrant table: `limit` rows after or
   * before a cursor (keyset paging, one indexed query whatever the depth),
   * the cursors of the neighbouring pages, how many rows match, and the
   * counts every allowed caller sees (by status, hidden, by partner).
   */
  async page(idOrSlug: string, caller: Caller | undefined, query: RegistrantPageQuery): Promise<RegistrantPage> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'view_registrations');
    await this.audit(caller, event.id, 'registrants.view');
    const consentedOnly = relation !== 'host';
    const filter = filterOf(query, consentedOnly);
    const [found, total, counts, byPartner] = await Promise.all([
      this.registrations.page(event.id, filter, query),
      this.registrations.count(event.id, filter),
      this.registrations.statusCounts(event.id),
      this.registrations.partnerCounts(event.id),
    ]);
    const { rows, more, beyondCursor } = found;
    const first = rows[0];
    const last = rows[rows.length - 1];
    const cursorOf = (row: RegistrationRow) => encodeCursor({ at: row.cursor_at, id: row.id });
    const forward = !query.before;
    const hasNext = last && (forward ? more : beyondCursor);
    const hasPrevious = first && (forward ? Boolean(query.after) && beyondCursor : more);
    return {
      view: consentedOnly ? 'consented' : 'all',
      items: rows.map(toItem),
      total,
      totals: counts.totals,
      hidden: consentedOnly ? counts.unshared : zeroCounts(),
      byPartner,
      next: hasNext ? cursorOf(last) : undefined,
      previous: hasPrevious ? cursorOf(first) : undefined,
    };
  }

  /** One registration of the event as the caller may see it (a co-host: only a consenting registrant), else 404. */
  async one(idOrSlug: string, caller: Caller | undefined, registrationId: string): Promise<RegistrationItemDto> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'view_registrations');
    const [row] = UUID.test(registrationId)
      ? await this.registrations.rows(event.id, { consentedOnly: relation !== 'host', id: registrationId })
      : [];
    if (!row) throw new NotFoundError('REGISTRATION_NOT_FOUND', 'No such registration for this event');
    await this.audit(caller, event.id, 'registrants.view');
    return toItem(row);
  }

  /** Every row of the filter the caller may see (no paging): UTF-8 with BOM, formula-safe cells. */
  async csv(idOrSlug: string, caller: Caller | undefined, query: RegistrantFilterQueryDto = {}): Promise<string> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'view_registrations');
    await this.audit(caller, event.id, 'registrants.export');
    const rows = await this.registrations.rows(event.id, filterOf(query, relation !== 'host'));
    const questions = answerColumns(event, rows);
    return toCsv(
      [...CSV_COLUMNS, ...questions.map((q) => labelIn(q.label))],
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
        ...questions.map((q) => r.answers.find((a) => a.questionId === q.id)?.text ?? null),
      ]),
    );
  }
}

/** A page of the registrant table (`RegistrationViewsService.page`). */
export interface RegistrantPageQuery extends RegistrantFilterQueryDto {
  limit: number;
  after?: RegistrantCursor;
  before?: RegistrantCursor;
}

export interface RegistrantPage {
  view: 'all' | 'consented';
  items: RegistrationItemDto[];
  /** Rows matching the filter that this view shows. */
  total: number;
  totals: StatusCountsDto;
  hidden: StatusCountsDto;
  byPartner: PartnerCountsDto[];
  /** The `after` cursor of the next page, when there is one. */
  next?: string;
  /** The `before` cursor of the previous page, when there is one. */
  previous?: string;
}

/** What a query asks for, as a caller who sees `consentedOnly` rows may have it. */
function filterOf(query: RegistrantFilterQueryDto, consentedOnly: boolean): RegistrantFilter {
  const search = query.q === undefined ? null : searchTerm(query.q);
  return {
    consentedOnly,
    ...(query.status ? { status: query.status } : {}),
    ...(query.via === undefined ? {} : { via: query.via === NO_PARTNER ? null : query.via }),
    ...(search ? { search } : {}),
  };
}

/**
 * One column per question (the CSV's and the console table's): the event's
 * current questions in order, then questions removed since that still have
 * answers (headed by the label they were answered under). A cell holds the
 * answer's readable text as answered.
 */
export function answerColumns(
  event: Pick<EventEntity, 'questions'>,
  rows: ReadonlyArray<{ answers: StoredAnswer[] }>,
): Array<{ id: string; label: LocalizedLabel }> {
  const columns = event.questions.map((q) => ({ id: q.id, label: q.label }));
  const known = new Set(columns.map((c) => c.id));
  for (const answer of rows.flatMap((r): StoredAnswer[] => r.answers)) {
    if (known.has(answer.questionId)) continue;
    known.add(answer.questionId);
    columns.push({ id: answer.questionId, label: answer.label });
  }
  return columns;
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
    answers: row.answers,
  };
  if (row.waitlist_position !== null) item.waitlistPosition = Number(row.waitlist_position);
  return item;
}
