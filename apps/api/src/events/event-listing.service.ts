import { EventEntity } from '@cohost/database';
import { InvalidInputError, parseOffsetDateTime } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { ListEventsQuery } from './dto/list-events.query';
import { EVENT_RELATIONS } from './events.service';

export const DEFAULT_PAGE_SIZE = 20;

export interface EventPage {
  events: EventEntity[];
  total: number;
  limit: number;
  page: number | null;
  nextCursor: string | null;
}

/** Keyset position after an event: its start and id (ties broken by id), opaque to clients. */
export function encodeCursor(event: Pick<EventEntity, 'startsAt' | 'id'>): string {
  return Buffer.from(`${event.startsAt.toISOString()}|${event.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { startsAt: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startsAt = at ? new Date(at) : null;
  if (rest.length || !startsAt || Number.isNaN(startsAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) {
    throw new InvalidInputError('INVALID_CURSOR', 'cursor is not one this API returned');
  }
  return { startsAt, id };
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The public listing: published, public events, ordered by start. */
@Injectable()
export class EventListingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListEventsQuery): Promise<EventPage> {
    if (query.cursor && query.page) throw new InvalidInputError('PAGINATION', 'Use either cursor or page, not both');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const filtered = this.filtered(query);
    const total = await filtered.clone().getCount();

    const pageQuery = filtered
      .clone()
      .select(['e.id', 'e.startsAt'])
      .orderBy('e.starts_at', 'ASC')
      .addOrderBy('e.id', 'ASC');
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      pageQuery.andWhere('(e.starts_at, e.id) > (:afterStart, :afterId)', {
        afterStart: after.startsAt,
        afterId: after.id,
      });
    } else if (query.page) {
      pageQuery.offset((query.page - 1) * limit);
    }
    const rows = await pageQuery.limit(limit + 1).getMany();
    const more = rows.length > limit;
    const pageRows = rows.slice(0, limit);

    const loaded = pageRows.length
      ? await this.dataSource.manager.find(EventEntity, {
          where: { id: In(pageRows.map((r) => r.id)) },
          relations: EVENT_RELATIONS,
        })
      : [];
    const byId = new Map(loaded.map((e) => [e.id, e]));
    const events = pageRows.map((r) => byId.get(r.id)).filter((e): e is EventEntity => !!e);
    return {
      events,
      total,
      limit,
      page: query.page ?? null,
      nextCursor: more && pageRows.length ? encodeCursor(pageRows[pageRows.length - 1]) : null,
    };
  }

  private filtered(query: ListEventsQuery): SelectQueryBuilder<EventEntity> {
    const qb = this.dataSource.manager
      .createQueryBuilder(EventEntity, 'e')
      .where(`e.status = 'published'`)
      .andWhere(`e.visibility = 'public'`);
    // Overlap: an event still running at `from` is listed; one starting at `to` is not.
    if (query.from) qb.andWhere('e.ends_at > :from', { from: parseOffsetDateTime(query.from) });
    if (query.to) qb.andWhere('e.starts_at < :to', { to: parseOffsetDateTime(query.to) });
    if (query.partner) {
      qb.andWhere(
        new Brackets((w) =>
          w.where('e.host_partner_id IN (SELECT p.id FROM partners p WHERE p.slug = :partner)').orWhere(
            `EXISTS (SELECT 1 FROM event_cohosts c JOIN partners p ON p.id = c.partner_id
                        WHERE c.event_id = e.id AND c.status = 'accepted' AND p.slug = :partner)`,
          ),
        ),
        { partner: query.partner },
      );
    }
    if (query.q?.trim()) {
      qb.andWhere('(e.title_en ILIKE :q OR e.title_ja ILIKE :q)', { q: likePattern(query.q.trim()) });
    }
    return qb;
  }
}
