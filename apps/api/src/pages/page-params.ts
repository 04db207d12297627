import { EVENT_SLUG_PATTERN, NotFoundError } from '@cohost/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A slug from a page's path (public pages and the console alike): anything
 * not shaped like an event's or a partner's slug (the same shape) is 404
 * before any query.
 */
export function requireSlug(slug: string): string {
  if (!EVENT_SLUG_PATTERN.test(slug) || slug.length > 100) throw new NotFoundError('PAGE_NOT_FOUND', 'No such page');
  return slug;
}

/** An id from a page's path: anything but a UUID is 404 before any query. */
export function requireUuid(id: string): string {
  if (!UUID.test(id)) throw new NotFoundError('PAGE_NOT_FOUND', 'No such page');
  return id;
}
