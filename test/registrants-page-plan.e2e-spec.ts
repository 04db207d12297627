import { encodeCursor } from '@cohost/domain';
import { RegistrantFilter, registrantPageQuery, SqlQuery } from '../apps/api/src/registrations/registration-views.sql';
import { ApiHarness, startApi } from './support/api-harness';
import { sql } from './support/events';
import { createPartner, insertEvent, TestPartner } from './support/factories';
import { seedRegistrants } from './support/registrants';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The registrant table's page query on 10,000 registrants of one event
 * (among 100,000 of many events: a search has no index of its own and
 * filters the event's index range, which the planner prefers to a
 * sequential scan when the event is a minority of the table, as in a hub), as PostgreSQL plans and runs it
 * (EXPLAIN ANALYZE, no timings compared): every read of `registrations` and
 * `registration_answers` goes through an index, and a page deep in the
 * table reads no more rows of its range than the first page does (keyset
 * paging: the cursor is an index condition, not an offset).
 */
describe('registrant table page query plan', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let partner: TestPartner;
  let eventId: string;

  beforeAll(async () => {
    api = await startApi();
    host = await createPartner(api);
    partner = await createPartner(api, { name: { en: 'Royal Danish Embassy' } });
    eventId = (await insertEvent(api, host.id)).id;
    await seedRegistrants(api, eventId, 10_000, { tag: 'plan', viaPartnerIds: [host.id, partner.id] });
    // A hub's table holds many webinars: this one is a tenth of the rows.
    for (let i = 0; i < 18; i++) {
      const other = await insertEvent(api, host.id);
      await seedRegistrants(api, other.id, 5_000, { tag: `plan${i}`, viaPartnerIds: [partner.id] });
    }
    await sql(api, 'ANALYZE registrations');
    await sql(api, 'ANALYZE partners');
  });
  afterAll(async () => {
    await api?.close();
  });

  async function explain(query: SqlQuery): Promise<PlanNode[]> {
    const [row] = await sql<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      api,
      `EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}`,
      query.params,
    );
    return nodes(row['QUERY PLAN'][0].Plan);
  }

  function sequentialScans(plan: PlanNode[]): string[] {
    return plan
      .filter((n) => n['Node Type'] === 'Seq Scan')
      .map((n) => n['Relation Name'] ?? '?')
      .filter((relation) => relation === 'registrations' || relation === 'registration_answers');
  }

  const indexesOf = (plan: PlanNode[]) => plan.map((n) => n['Index Name']).filter(Boolean);

  /** The cursor of the `n`th registrant (1-based) in the table's order. */
  async function cursorAt(n: number): Promise<{ at: string; id: string }> {
    const [row] = await sql<{ at: string; id: string }>(
      api,
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, id
         FROM registrations WHERE event_id = $1 ORDER BY created_at, id OFFSET $2 LIMIT 1`,
      [eventId, n - 1],
    );
    return row;
  }

  const host_ = (extra: Partial<RegistrantFilter> = {}): RegistrantFilter => ({ consentedOnly: false, ...extra });

  it('reads the first page and page 200 through the table-order index, the same number of rows each', async () => {
    const first = await explain(registrantPageQuery(eventId, host_(), { limit: 50 }));
    const deep = await explain(registrantPageQuery(eventId, host_(), { limit: 50, after: await cursorAt(5_000) }));
    const back = await explain(registrantPageQuery(eventId, host_(), { limit: 50, before: await cursorAt(9_951) }));
    for (const [name, plan] of [
      ['first', first],
      ['deep', deep],
      ['back', back],
    ] as const) {
      expect([name, sequentialScans(plan)]).toEqual([name, []]);
      // The page's range: 51 rows (a page and one to know whether another follows), however deep the page.
      const reads = plan.filter((n) => n['Index Name'] === 'registrations_event_created_idx');
      expect([name, Math.max(...reads.map((n) => n['Actual Rows'] ?? 0))]).toEqual([name, 51]);
    }
    expect(encodeCursor(await cursorAt(1))).toMatch(/^\d{4}-.*Z_[0-9a-f-]{36}$/);
  });

  const TABLE_ORDER = ['registrations_event_created_idx', 'registrations_event_status_created_idx'];

  it('uses an index for each filter: status, partner, consent, search', async () => {
    const after = await cursorAt(5_000);
    const cases: Array<[string, RegistrantFilter, string[]]> = [
      ['confirmed', host_({ status: 'confirmed' }), TABLE_ORDER],
      ['cancelled', host_({ status: 'cancelled' }), TABLE_ORDER],
      ['waitlisted', host_({ status: 'waitlisted' }), TABLE_ORDER],
      ['partner', host_({ via: partner.slug }), TABLE_ORDER],
      ['no partner', host_({ via: null }), TABLE_ORDER],
      ['co-host', { consentedOnly: true }, TABLE_ORDER],
      ['search', host_({ search: 'person777@' }), TABLE_ORDER],
      ['japanese search', host_({ search: '山田 77' }), TABLE_ORDER],
      ['everything', { consentedOnly: true, status: 'cancelled', via: host.slug, search: '山田' }, TABLE_ORDER],
    ];
    for (const [name, filter, expected] of cases) {
      for (const query of [
        registrantPageQuery(eventId, filter, { limit: 50 }),
        registrantPageQuery(eventId, filter, { limit: 50, after }),
      ]) {
        const plan = await explain(query);
        expect([name, sequentialScans(plan)]).toEqual([name, []]);
        // The rows of the page come through one of the expected indexes (the planner picks among them by cost).
        expect([name, indexesOf(plan).some((index) => expected.includes(index!))]).toEqual([name, true]);
      }
    }
  });
});
