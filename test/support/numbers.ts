import { ApiHarness } from './api-harness';
import { sql } from './events';

const ZONES = ['Asia/Tokyo', 'Europe/Copenhagen', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo'];

/**
 * Inserts `count` registrations of an event straight into the table, made
 * up to ~10 days before `anchor` (none 100 to 150 hours before it: empty
 * days), every 11th cancelled, every 4th waitlisted, the rest confirmed;
 * two thirds of the confirmed attended; languages, zones, `via` partners
 * and member organizations taken in turn from the lists (null: none).
 * For the numbers' tests, which count what is stored (the registration
 * rules have their own tests).
 */
export async function seedRegistrations(
  api: ApiHarness,
  eventId: string,
  count: number,
  anchor: Date,
  via: Array<string | null>,
  members: Array<string | null>,
): Promise<void> {
  await sql(
    api,
    `INSERT INTO registrations (event_id, email, name, organization, locale, timezone, status, via_partner_id,
                                member_organization_id, share_with_cohosts, attended, created_at,
                                confirmed_at, waitlisted_at, cancelled_at)
     SELECT $1::uuid, 'n' || i || '-' || left($1::text, 8) || '@example.org', 'Registrant ' || i, 'Org',
            (ARRAY['ja', 'en', 'ja'])[1 + i % 3], ($2::text[])[1 + i % 5], s.status,
            ($3::uuid[])[1 + i % array_length($3::uuid[], 1)], ($4::uuid[])[1 + i % array_length($4::uuid[], 1)],
            i % 2 = 0, s.status = 'confirmed' AND i % 3 <> 0, s.at,
            CASE WHEN s.status = 'confirmed' THEN s.at END, CASE WHEN s.status = 'waitlisted' THEN s.at END,
            CASE WHEN s.status = 'cancelled' THEN s.at END
       FROM generate_series(1, $5::int) i,
            LATERAL (SELECT CASE WHEN i % 11 = 0 THEN 'cancelled' WHEN i % 4 = 0 THEN 'waitlisted'
                                 ELSE 'confirmed' END AS status,
                            $6::timestamptz - make_interval(hours => (i * 7) % 100
                              + CASE WHEN i % 3 = 0 THEN 150 ELSE 0 END, mins => i % 60) AS at) s`,
    [eventId, ZONES, via, members, count, anchor],
  );
}

/** `n` member organizations (English names, every other one also in Japanese); their ids. */
export async function memberOrganizations(api: ApiHarness, n: number): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    api,
    `INSERT INTO member_organizations (name_en, name_ja)
     SELECT 'Member ' || lpad(i::text, 2, '0') || ' ' || $2::text, CASE WHEN i % 2 = 0 THEN '会員組織' || i END
       FROM generate_series(1, $1::int) i RETURNING id`,
    [n, Math.random().toString(36).slice(2, 8)],
  );
  return rows.map((r) => r.id);
}
