import { containsPattern, RegistrantCursor } from '@cohost/domain';
import type { RegistrationStatusFilter } from './dto/registration-list.dto';

/** Which of an event's registrants a list, a page, a count or a CSV holds. */
export interface RegistrantFilter {
  /** Only registrants who consented to share with co-hosts (a co-host's view). */
  consentedOnly: boolean;
  status?: RegistrationStatusFilter;
  /** A partner's slug; null: registrants no partner brought; undefined: any. */
  via?: string | null;
  /** A search term (`searchTerm` of libs/domain): in the name, email or organization, case-insensitively. */
  search?: string;
  /** One registration (by id). */
  id?: string;
}

export interface SqlQuery {
  text: string;
  params: unknown[];
}

/**
 * The text a search looks in: name, email and organization joined by U+001F
 * (a search, whose control characters are removed, never matches across two
 * fields). Filtered within the event's index range, without an index of its
 * own (see the migration `RegistrantTable1767200000000`).
 */
export const SEARCH_TEXT = `(r.name || E'\\x1f' || r.email || E'\\x1f' || r.organization)`;

/** The columns of a registrant as organizers see it (`RegistrationRow`). */
const COLUMNS = `r.id, r.status, w.position AS waitlist_position, r.email, r.name, r.organization, r.locale,
       r.timezone, p.slug AS via, r.share_with_cohosts, r.created_at, r.confirmed_at, r.cancelled_at,
       r.cancelled_by, r.attended, r.joined_at,
       to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('questionId', a.question_id, 'version', a.question_version,
                                                     'kind', a.kind, 'label', a.label, 'value', a.value,
                                                     'text', a.text)), '[]'::jsonb)
          FROM registration_answers a WHERE a.registration_id = r.id) AS answers`;

/**
 * Live waitlist positions (FIFO order), read along the partial index of the
 * event's waitlist; left out when the filter shows no waitlisted row.
 */
function positions(filter: RegistrantFilter): string {
  return filter.status && filter.status !== 'waitlisted'
    ? `CROSS JOIN (SELECT NULL::bigint AS position) w`
    : `LEFT JOIN (SELECT id, row_number() OVER (ORDER BY waitlisted_at, id) AS position
                    FROM registrations WHERE event_id = $1 AND status = 'waitlisted') w ON w.id = r.id`;
}

/** `WHERE` conditions of `filter` on `registrations r` of event `$1`, appending their values to `params`. */
export function filterConditions(filter: RegistrantFilter, params: unknown[]): string[] {
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = ['r.event_id = $1'];
  if (filter.id) conditions.push(`r.id = ${add(filter.id)}`);
  if (filter.status) conditions.push(`r.status = ${add(filter.status)}`);
  if (filter.via === null) conditions.push('r.via_partner_id IS NULL');
  else if (filter.via !== undefined) {
    conditions.push(`r.via_partner_id = (SELECT id FROM partners WHERE slug = ${add(filter.via)})`);
  }
  if (filter.consentedOnly) conditions.push('r.share_with_cohosts');
  if (filter.search) conditions.push(`${SEARCH_TEXT} ILIKE ${add(containsPattern(filter.search))}`);
  return conditions;
}

/** Rows of `filter` in the table's order (registered at, then id), all of them or by limit and offset. */
export function registrantRowsQuery(
  eventId: string,
  filter: RegistrantFilter,
  page?: { limit: number; offset: number },
): SqlQuery {
  const params: unknown[] = [eventId];
  const where = filterConditions(filter, params).join(' AND ');
  params.push(page?.limit ?? null, page?.offset ?? 0);
  return {
    text: `SELECT ${COLUMNS}
             FROM registrations r
             LEFT JOIN partners p ON p.id = r.via_partner_id
             ${positions(filter)}
            WHERE ${where}
            ORDER BY r.created_at, r.id
            LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  };
}

/**
 * One page of the registrant table: `limit + 1` rows after (or before) the
 * cursor in the table's order, one indexed range scan whatever the page's
 * depth (`registrations_event_created_idx`, or `..._status_created_idx`
 * with a status; with a search, the trigram index). Each row also says
 * whether any row matches on the other side of the cursor
 * (`beyond_cursor`), so the page knows whether to link back.
 */
export function registrantPageQuery(
  eventId: string,
  filter: RegistrantFilter,
  page: { limit: number; after?: RegistrantCursor; before?: RegistrantCursor },
): SqlQuery {
  const params: unknown[] = [eventId];
  const conditions = filterConditions(filter, params);
  const cursor = page.after ?? page.before;
  let beyond = 'false';
  if (cursor) {
    params.push(cursor.at, cursor.id);
    const key = `($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    const [ahead, behind, towards] = page.after ? ['>', '<=', 'DESC'] : ['<', '>=', 'ASC'];
    // The nearest matching row behind the cursor, read along the index (an EXISTS may be planned as a scan).
    beyond = `(SELECT r.id FROM registrations r
                WHERE ${conditions.join(' AND ')} AND (r.created_at, r.id) ${behind} ${key}
                ORDER BY r.created_at ${towards}, r.id ${towards} LIMIT 1) IS NOT NULL`;
    conditions.push(`(r.created_at, r.id) ${ahead} ${key}`);
  }
  params.push(page.limit + 1);
  const order = page.before ? 'DESC' : 'ASC';
  return {
    text: `SELECT ${COLUMNS}, ${beyond} AS beyond_cursor
             FROM registrations r
             LEFT JOIN partners p ON p.id = r.via_partner_id
             ${positions(filter)}
            WHERE ${conditions.join(' AND ')}
            ORDER BY r.created_at ${order}, r.id ${order}
            LIMIT $${params.length}`,
    params,
  };
}

/** How many rows `filter` holds. */
export function registrantCountQuery(eventId: string, filter: RegistrantFilter): SqlQuery {
  const params: unknown[] = [eventId];
  return {
    text: `SELECT count(*)::int AS n FROM registrations r WHERE ${filterConditions(filter, params).join(' AND ')}`,
    params,
  };
}
