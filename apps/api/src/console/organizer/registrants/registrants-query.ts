import { decodeCursor, InvalidInputError, RegistrantCursor } from '@cohost/domain';
import { RegistrantFilterQueryDto } from '../../../registrations/dto/registration-list.dto';
import { validateInto } from '../../console-form';

/** Rows a page of the registrant table shows. */
export const PAGE_SIZE = 50;

/** The filters of the registrant table as the page shows them back (empty: not set). */
export interface TableFilters {
  status: string;
  via: string;
  q: string;
}

/** What a request of the registrant table asks for: the API's filters, and a keyset cursor. */
export interface TableQuery {
  filters: TableFilters;
  /** The filters as the API's DTO validated them. */
  dto: RegistrantFilterQueryDto;
  after?: RegistrantCursor;
  before?: RegistrantCursor;
}

const BAD_QUERY = (what: string) => new InvalidInputError('REGISTRANTS_QUERY_INVALID', `The ${what} is not understood`);

/** One value of a query parameter: absent or empty -> '', repeated (`?a=1&a=2`) or anything but text -> 400. */
function single(query: Record<string, unknown>, name: string): string {
  const value = query[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw BAD_QUERY(name);
  return value;
}

/**
 * Reads the registrant table's query: `status`, `via` and `q` are the JSON
 * API's filters, validated by its own DTO (unknown status, malformed
 * partner slug, search longer than 200 characters: 400); `after` or
 * `before` a cursor of `encodeCursor` (anything else, or both: 400).
 * Parameters the table does not use (`done`, `promoted`, a stray `page`)
 * are ignored.
 */
export async function readTableQuery(raw: unknown): Promise<TableQuery> {
  const query = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const filters: TableFilters = { status: single(query, 'status'), via: single(query, 'via'), q: single(query, 'q') };
  const check = await validateInto(RegistrantFilterQueryDto, {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.via ? { via: filters.via } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  });
  if (!check.ok) throw BAD_QUERY(Object.keys(check.fields).join(', '));
  const [afterText, beforeText] = [single(query, 'after'), single(query, 'before')];
  if (afterText && beforeText) throw BAD_QUERY('page');
  const cursor = afterText || beforeText;
  const decoded = cursor ? decodeCursor(cursor) : null;
  if (cursor && !decoded) throw BAD_QUERY('page');
  return {
    filters,
    dto: check.value,
    ...(decoded && afterText ? { after: decoded } : {}),
    ...(decoded && beforeText ? { before: decoded } : {}),
  };
}

/** `base` with the filters that are set and, optionally, a cursor (`after` or `before`). */
export function tableHref(base: string, filters: TableFilters, cursor?: { after?: string; before?: string }): string {
  const params = new URLSearchParams();
  for (const name of ['status', 'via', 'q'] as const) if (filters[name]) params.set(name, filters[name]);
  if (cursor?.after) params.set('after', cursor.after);
  if (cursor?.before) params.set('before', cursor.before);
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}
