import type { ApiHarness } from './api-harness';
import { sql } from './events';

/**
 * Registrants inserted in one statement (thousands a second), for the
 * registrant table's specs: registrant `i` (1..n) of `eventId` is
 *
 * - `Person <i>` of `Org <i % 7>`, address `person<i>@<tag>-org<i % 7>.example`
 *   (`tag` keeps events' addresses apart); every 5th is `山田 <i>` of
 *   `京都バイオ研究所` instead;
 * - cancelled when `i % 10 = 0`, waitlisted when `i % 10 = 1`, else confirmed;
 * - brought by `viaPartnerIds[(i / 4) % viaPartnerIds.length]` (integer
 *   division) when `i % 4 = 0`, by no partner otherwise;
 * - consenting to share with co-hosts when `i` is even; Japanese when
 *   `i % 3 = 0`;
 * - registered `n - i` seconds ago (registrant 1 first).
 *
 * The event's counters are set to the rows' counts (a capacity below the
 * confirmed count is raised to it: these rows are read, not registered).
 */
export async function seedRegistrants(
  api: ApiHarness,
  eventId: string,
  n: number,
  options: { tag: string; viaPartnerIds?: string[] },
): Promise<void> {
  const via = options.viaPartnerIds ?? [];
  await sql(
    api,
    `INSERT INTO registrations (event_id, email, name, organization, locale, timezone, via_partner_id,
                                share_with_cohosts, status, waitlisted_at, confirmed_at, cancelled_at, cancelled_by,
                                created_at)
     SELECT $1, format('person%s@%s-org%s.example', i, $3::text, i % 7),
            CASE WHEN i % 5 = 0 THEN format('山田 %s', i) ELSE format('Person %s', i) END,
            CASE WHEN i % 5 = 0 THEN '京都バイオ研究所' ELSE format('Org %s', i % 7) END,
            CASE WHEN i % 3 = 0 THEN 'ja' ELSE 'en' END, 'Asia/Tokyo',
            CASE WHEN i % 4 = 0 AND cardinality($4::uuid[]) > 0 THEN ($4::uuid[])[1 + (i / 4) % cardinality($4::uuid[])] END,
            i % 2 = 0,
            CASE i % 10 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'waitlisted' ELSE 'confirmed' END,
            CASE WHEN i % 10 = 1 THEN at END,
            CASE WHEN i % 10 NOT IN (0, 1) THEN at END,
            CASE WHEN i % 10 = 0 THEN at END,
            CASE WHEN i % 10 = 0 THEN 'registrant' END,
            at
       FROM generate_series(1, $2::int) AS i, LATERAL (SELECT now() - make_interval(secs => $2::int - i) AS at) t`,
    [eventId, n, options.tag, via],
  );
  await sql(
    api,
    `UPDATE events e SET confirmed_count = c.confirmed, waitlisted_count = c.waitlisted,
                         capacity = CASE WHEN e.capacity IS NOT NULL THEN greatest(e.capacity, c.confirmed) END
       FROM (SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
                    count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
               FROM registrations WHERE event_id = $1) c
      WHERE e.id = $1`,
    [eventId],
  );
}

/** How many seeded registrants `i` in 1..n satisfy `predicate` (the expected counts of filters). */
export function countOf(n: number, predicate: (i: number) => boolean): number {
  let count = 0;
  for (let i = 1; i <= n; i++) if (predicate(i)) count++;
  return count;
}

/** The `data-id`s of the rows of a registrant table page, in order. */
export function rowIds(html: string): string[] {
  return [...html.matchAll(/data-testid="registrant" data-id="([^"]+)"/g)].map((m) => m[1]);
}

/** The `data-status` of each row of a registrant table page. */
export function rowStatuses(html: string): string[] {
  return [...html.matchAll(/data-testid="registrant" data-id="[^"]+" data-status="([^"]+)"/g)].map((m) => m[1]);
}

/** A link of the page by its `data-testid` (`next-page`, `previous-page`, `csv-link`...), HTML entities decoded. */
export function linkOf(html: string, testId: string): string | undefined {
  const match = new RegExp(`<a href="([^"]+)"[^>]*data-testid="${testId}"`).exec(html);
  return match?.[1]
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');
}
