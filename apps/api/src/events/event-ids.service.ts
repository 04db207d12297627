import { LruCache, SharedReads } from '@cohost/common';
import { EventEntity } from '@cohost/database';
import { EVENT_SLUG_PATTERN } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Slugs remembered; beyond this, the least recently used is forgotten. */
export const SLUG_CACHE_SIZE = 1024;

/** What an event route's `:id` names: the event's id (a uuid) or its slug, in any case. */
export function eventWhere(idOrSlug: string): { id: string } | { slug: string } {
  return UUID.test(idOrSlug) ? { id: idOrSlug.toLowerCase() } : { slug: idOrSlug.toLowerCase() };
}

/**
 * The event id behind an event route's `:id`, for callers that need one key
 * per event before the route has loaded it (the rate limiter). Slug to id
 * is remembered in a small bounded map: a slug never changes and events are
 * never deleted, so an entry cannot go stale. A slug not yet seen costs one
 * lean query (concurrent look-ups of one slug share it); unknown slugs are
 * not remembered, since an event may take the slug later.
 */
@Injectable()
export class EventIdsService {
  private readonly bySlug = new LruCache<string, string>(SLUG_CACHE_SIZE);
  private readonly lookups = new SharedReads<string | null>();

  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {}

  /**
   * The id of the event `idOrSlug` names: a uuid as is (lower case, not
   * checked to exist), a slug's event's id, or `undefined` when no event has
   * that slug.
   */
  async idOf(idOrSlug: string): Promise<string | undefined> {
    const where = eventWhere(idOrSlug);
    if ('id' in where) return where.id;
    const { slug } = where;
    const known = this.bySlug.get(slug);
    if (known !== undefined) return known;
    if (!EVENT_SLUG_PATTERN.test(slug)) return undefined;
    const id = await this.lookups.read(slug, async () => {
      const event = await this.events.findOne({ where: { slug }, select: { id: true } });
      return event?.id ?? null;
    });
    if (id === null) return undefined;
    this.bySlug.set(slug, id);
    return id;
  }
}
