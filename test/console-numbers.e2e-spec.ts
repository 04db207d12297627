import { ApiHarness, startApi } from './support/api-harness';
import { ConsoleSession, organizerConsole } from './support/console';
import { CohostedEvent, createCohostedEvent, createEvent, inviteCohost, sql } from './support/events';
import { createPartner, TestPartner } from './support/factories';
import { memberOrganizations, seedRegistrations } from './support/numbers';

/**
 * The numbers of the console's event page and dashboard over HTTP: seeded
 * registrations spread over days (with empty days), partners, languages,
 * zones, member organizations and attendance; the numbers printed in the
 * charts (data attributes and labels) and in their tables equal counts the
 * test takes from the database itself.
 */
describe('console numbers over HTTP', () => {
  let api: ApiHarness;
  const { session, get } = organizerConsole(() => api);

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  // --- What the page shows (our own markup: attributes written by the view and the SVG builder) ---

  function figure(html: string, id: string): string {
    const start = html.indexOf(`data-chart="${id}"`);
    if (start < 0) throw new Error(`no chart ${id}`);
    return html.slice(start, html.indexOf('</figure>', start));
  }

  /** Bars of a bar chart: key -> value (data attribute), checked against the printed value label. */
  function bars(html: string, id: string): Map<string, number> {
    const out = new Map<string, number>();
    const part = figure(html, id);
    for (const m of part.matchAll(
      /<g class="chart-bar" data-key="([^"]*)" data-label="[^"]*" data-value="(\d+)">.*?<text[^>]*class="chart-value">([^<]*)<\/text><\/g>/g,
    )) {
      expect(Number(m[3].replace(/,/g, ''))).toBe(Number(m[2]));
      out.set(m[1], Number(m[2]));
    }
    return out;
  }

  /** The table under a chart: row key -> column -> value (checked against the printed number). */
  function table(html: string, id: string): Map<string, Record<string, number>> {
    const out = new Map<string, Record<string, number>>();
    const part = figure(html, id);
    for (const row of part.matchAll(/<tr data-key="([^"]*)">(.*?)<\/tr>/gs)) {
      const cells: Record<string, number> = {};
      for (const c of row[2].matchAll(/<td data-col="(\w+)" data-value="(\d+)">([^<]*)<\/td>/g)) {
        expect(Number(c[3].replace(/,/g, ''))).toBe(Number(c[2]));
        cells[c[1]] = Number(c[2]);
      }
      out.set(row[1], cells);
    }
    return out;
  }

  function daily(html: string): Array<{ day: string; confirmed: number; waitlisted: number }> {
    return [
      ...figure(html, 'numbers-daily').matchAll(
        /<g class="chart-day" data-day="([\d-]+)" data-confirmed="(\d+)" data-waitlisted="(\d+)">/g,
      ),
    ].map((m) => ({ day: m[1], confirmed: Number(m[2]), waitlisted: Number(m[3]) }));
  }

  // --- What the database holds, counted here independently of the numbers' SQL ---

  interface Raw {
    status: 'confirmed' | 'waitlisted' | 'cancelled';
    created_at: Date;
    via: string | null;
    locale: string;
    timezone: string;
    member: string | null;
    attended: boolean;
  }

  const rawOf = (eventId: string) =>
    sql<Raw>(
      api,
      `SELECT r.status, r.created_at, p.slug AS via, r.locale, r.timezone, r.member_organization_id AS member,
              r.attended
         FROM registrations r LEFT JOIN partners p ON p.id = r.via_partner_id WHERE r.event_id = $1`,
      [eventId],
    );

  function countBy(rows: Raw[], key: (r: Raw) => string): Map<string, Record<string, number>> {
    const out = new Map<string, Record<string, number>>();
    for (const r of rows.filter((x) => x.status !== 'cancelled')) {
      const k = key(r);
      const entry = out.get(k) ?? { confirmed: 0, waitlisted: 0, total: 0 };
      entry[r.status] += 1;
      entry.total += 1;
      out.set(k, entry);
    }
    return out;
  }

  const tokyoDay = (d: Date) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(d)
      .slice(0, 10);

  const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

  async function setup(): Promise<
    CohostedEvent & { hostSession: ConsoleSession; cohostSession: ConsoleSession; third: TestPartner }
  > {
    const cohosted = await createCohostedEvent(api, {});
    const third = await createPartner(api, {
      name: {
        en: 'Osaka Partnership for Biomedical Innovation and Advanced Clinical Research',
        ja: '大阪バイオメディカル・イノベーション先端臨床研究パートナーシップ協議会',
      },
    });
    return {
      ...cohosted,
      third,
      hostSession: await session(cohosted.hostOrganizer),
      cohostSession: await session(cohosted.cohostOrganizer),
    };
  }

  it('charts and tables of an event page equal the database: days in the event zone with empty days, partners, languages, zones, member organizations', async () => {
    const { event, host, cohost, third, hostSession, cohostSession } = await setup();
    const now = new Date();
    const members = await memberOrganizations(api, 12);
    await sql(api, `UPDATE events SET published_at = $2, audience = 'members' WHERE id = $1`, [
      event.id,
      new Date(now.getTime() - 11 * 86_400_000),
    ]);
    // Twelve organizations and unmatched registrants: ten bars and "Others (2)".
    await seedRegistrations(api, event.id, 400, now, [host.id, cohost.id, third.id, null], [...members, null]);
    const raw = await rawOf(event.id);

    const res = await get(`/console/events/${event.id}`, hostSession).set('Accept-Language', 'en').expect(200);
    const html = res.text;

    // Summary.
    const count = (s: string) => raw.filter((r) => r.status === s).length;
    for (const s of ['confirmed', 'waitlisted', 'cancelled'])
      expect(html).toMatch(new RegExp(`data-summary="${s}"><dt>[^<]+</dt><dd>${count(s)}</dd>`));
    expect(html).not.toContain('data-summary="attendance"');
    expect(html).toContain('time zone, Asia/Tokyo.');

    // Per day: every day from publishing to today on Tokyo's clock, empty days included.
    const days = daily(html);
    const expected = new Map<string, { confirmed: number; waitlisted: number }>();
    for (const r of raw.filter((x) => x.status !== 'cancelled')) {
      const e = expected.get(tokyoDay(r.created_at)) ?? { confirmed: 0, waitlisted: 0 };
      e[r.status as 'confirmed'] += 1;
      expected.set(tokyoDay(r.created_at), e);
    }
    expect(days[0].day).toBe(tokyoDay(new Date(now.getTime() - 11 * 86_400_000)));
    expect(days[days.length - 1].day).toBe(tokyoDay(now));
    for (let i = 1; i < days.length; i++) {
      expect(Date.parse(days[i].day) - Date.parse(days[i - 1].day)).toBe(86_400_000);
    }
    for (const d of days)
      expect([d.day, d]).toEqual([d.day, { day: d.day, ...(expected.get(d.day) ?? { confirmed: 0, waitlisted: 0 }) }]);
    expect(days.filter((d) => d.confirmed + d.waitlisted === 0).length).toBeGreaterThanOrEqual(1);
    expect(days.reduce((s, d) => s + d.confirmed + d.waitlisted, 0)).toBe(raw.length - count('cancelled'));
    const dailyTable = table(html, 'numbers-daily');
    expect(dailyTable.size).toBe(days.length);
    for (const d of days)
      expect(dailyTable.get(d.day)).toEqual({
        confirmed: d.confirmed,
        waitlisted: d.waitlisted,
        total: d.confirmed + d.waitlisted,
      });

    // By partner, language, zone: chart bars and table rows equal the database's counts.
    const checks: Array<[string, (r: Raw) => string]> = [
      ['numbers-via', (r) => r.via ?? '(none)'],
      ['numbers-locale', (r) => r.locale],
      ['numbers-timezone', (r) => r.timezone],
    ];
    for (const [id, key] of checks) {
      const want = countBy(raw, key);
      expect([id, sorted(table(html, id))]).toEqual([id, sorted(want)]);
      expect([id, sorted(bars(html, id))]).toEqual([id, sorted(new Map([...want].map(([k, v]) => [k, v.total])))]);
    }
    // The long partner name is cut in the picture, whole in the table and the tooltip.
    const via = figure(html, 'numbers-via');
    expect(via).toContain(`<title>Osaka Partnership for Biomedical Innovation and Advanced Clinical Research: `);
    expect(via).toMatch(/>Osaka Partnership[^<]*…<\/text>/);
    expect(via).toContain('<th scope="row">No partner link</th>');

    // By member organization: all twelve in the table; ten bars and the other two summed.
    const wantMembers = countBy(
      raw.filter((r) => r.member),
      (r) => r.member!,
    );
    const memberTable = table(html, 'numbers-member');
    expect(sorted(memberTable)).toEqual(sorted(wantMembers));
    const memberBars = bars(html, 'numbers-member');
    expect(memberBars.size).toBe(11);
    const order = [...memberTable.entries()];
    expect([...memberBars.keys()].slice(0, 10)).toEqual(order.slice(0, 10).map(([k]) => k));
    expect(memberBars.get('(others)')).toBe(order.slice(10).reduce((s, [, v]) => s + v.total, 0));
    expect(figure(html, 'numbers-member')).toContain('data-label="Others (2)"');

    // Accessible: each chart an image named and described, with the table next to it.
    for (const id of ['numbers-daily', 'numbers-via', 'numbers-locale', 'numbers-timezone', 'numbers-member']) {
      expect(figure(html, id)).toMatch(
        new RegExp(`<svg [^>]*id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc"`),
      );
      expect(figure(html, id)).toContain(`<table class="org-numbers-table" data-numbers="${id}">`);
    }

    // A co-host sees the same counts (no one named) and is told what they include.
    const cohostPage = await get(`/console/events/${event.id}`, cohostSession).set('Accept-Language', 'ja').expect(200);
    expect(cohostPage.text).toContain('共催者への情報共有に同意していない登録者も含まれます');
    expect(html).not.toContain('共催者への情報共有に同意していない');
    expect(html).not.toContain('also those who did not agree');
    expect(sorted(table(cohostPage.text, 'numbers-via'))).toEqual(sorted(countBy(raw, (r) => r.via ?? '(none)')));
    expect(daily(cohostPage.text)).toEqual(days);
    expect(cohostPage.text).toContain('日別の登録数');
    expect(cohostPage.text).not.toMatch(/n\d+-[0-9a-f]{8}@example\.org/);
    expect(html).not.toMatch(/n\d+-[0-9a-f]{8}@example\.org/);
  });

  it('shows the attendance rate of a past webinar once attendance exists, and the dashboard the same totals', async () => {
    const { event: upcoming, host, hostOrganizer, hostSession } = await setup();
    const now = new Date();
    await seedRegistrations(api, upcoming.id, 60, now, [host.id, null], [null]);

    const past = await createEvent(api, hostOrganizer, { title: { en: 'Past webinar', ja: '過去のウェビナー' } });
    const ended = await createEvent(api, hostOrganizer, { title: { en: 'Ended, no attendance' } });
    for (const e of [past, ended]) {
      await sql(
        api,
        `UPDATE events SET status = 'published', published_at = $2, starts_at = $3, ends_at = $4 WHERE id = $1`,
        [
          e.id,
          new Date(now.getTime() - 12 * 86_400_000),
          new Date(now.getTime() - 2 * 3_600_000),
          new Date(now.getTime() - 3_600_000),
        ],
      );
    }
    await seedRegistrations(api, past.id, 90, now, [null], [null]);
    await seedRegistrations(api, ended.id, 10, now, [null], [null]);
    await sql(api, `UPDATE registrations SET attended = false WHERE event_id = $1`, [ended.id]);

    const [p] = await sql<{ confirmed: number; attended: number }>(
      api,
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE status = 'confirmed' AND attended)::int AS attended
         FROM registrations WHERE event_id = $1`,
      [past.id],
    );
    expect(p.attended).toBeGreaterThan(0);
    const pastPage = (await get(`/console/events/${past.id}`, hostSession).set('Accept-Language', 'en').expect(200))
      .text;
    const rate = `${Math.round((100 * p.attended) / p.confirmed)}%`;
    expect(pastPage).toContain(`<dd>${p.attended} of ${p.confirmed} (${rate})</dd>`);
    expect(sorted(bars(pastPage, 'numbers-attendance'))).toEqual(
      sorted(
        new Map([
          ['attended', p.attended],
          ['absent', p.confirmed - p.attended],
        ]),
      ),
    );
    expect(table(pastPage, 'numbers-attendance').get('attended')).toEqual({ count: p.attended });
    const endedPage = (await get(`/console/events/${ended.id}`, hostSession).expect(200)).text;
    expect(endedPage).not.toContain('data-chart="numbers-attendance"');
    const upcomingPage = (await get(`/console/events/${upcoming.id}`, hostSession).expect(200)).text;
    expect(upcomingPage).not.toContain('data-chart="numbers-attendance"');
    expect(upcomingPage).not.toContain('data-chart="numbers-member"');

    const totals = await sql<{ event_id: string; confirmed: number; waitlisted: number; cancelled: number }>(
      api,
      `SELECT event_id, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
         FROM registrations WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
      [[upcoming.id, past.id, ended.id]],
    );
    const dash = (await get('/console/events', hostSession).set('Accept-Language', 'en').expect(200)).text;
    for (const t of totals) {
      const item = dash.slice(dash.indexOf(`/console/events/${t.event_id}"`));
      const m =
        /data-testid="totals" data-confirmed="(\d+)" data-waitlisted="(\d+)" data-cancelled="(\d+)" data-attended="(\d*)">([^<]*)</.exec(
          item,
        )!;
      expect([Number(m[1]), Number(m[2]), Number(m[3])]).toEqual([t.confirmed, t.waitlisted, t.cancelled]);
      expect(m[5]).toContain(`Confirmed ${t.confirmed} · Waitlisted ${t.waitlisted} · Cancelled ${t.cancelled}`);
      if (t.event_id === past.id) {
        expect(m[4]).toBe(String(p.attended));
        expect(m[5]).toContain(`Attendance ${p.attended} of ${p.confirmed} (${rate})`);
      } else if (t.event_id === ended.id) expect(m[5]).toContain('Attendance not recorded');
      else expect(m[5]).not.toContain('Attendance');
    }
  });

  it('shows no numbers to a partner whose invitation is pending, and a note before publishing', async () => {
    const { host, hostOrganizer, cohost, cohostOrganizer, hostSession } = await setup();
    const draft = await createEvent(api, hostOrganizer);
    const page = (await get(`/console/events/${draft.id}`, hostSession).set('Accept-Language', 'en').expect(200)).text;
    expect(page).toContain('data-testid="numbers"');
    expect(page).toContain('Registrations per day are shown once the webinar is published.');
    expect(page).not.toContain('data-chart="numbers-daily"');
    expect(figure(page, 'numbers-via')).toContain('data-empty="true"');
    expect(host.id).toBeTruthy();

    await inviteCohost(api, hostOrganizer, draft.id, cohost);
    const pending = await get(`/console/events/${draft.id}`, await session(cohostOrganizer)).expect(200);
    expect(pending.text).toContain('data-testid="status"');
    expect(pending.text).not.toContain('data-testid="numbers"');
  });

  it('answers for 10,000 registrants in one webinar with a few aggregate queries', async () => {
    const { event, host, cohost, hostSession } = await setup();
    const now = new Date();
    await sql(api, `UPDATE events SET published_at = $2 WHERE id = $1`, [
      event.id,
      new Date(now.getTime() - 11 * 86_400_000),
    ]);
    await seedRegistrations(api, event.id, 10_000, now, [host.id, cohost.id, null], [null]);
    await sql(api, 'ANALYZE registrations');
    const path = `/console/events/${event.id}`;
    await get(path, hostSession).expect(200);
    const started = process.hrtime.bigint();
    const res = await get(path, hostSession).set('Accept-Language', 'en').expect(200);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const confirmed = (
      await sql<{ n: number }>(
        api,
        `SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND status = 'confirmed'`,
        [event.id],
      )
    )[0].n;
    expect(res.text).toMatch(
      new RegExp(`data-summary="confirmed"><dt>[^<]+</dt><dd>${confirmed.toLocaleString('en')}</dd>`),
    );
    expect(sorted(table(res.text, 'numbers-via'))).toEqual(
      sorted(countBy(await rawOf(event.id), (r) => r.via ?? '(none)')),
    );
    process.stdout.write(`event page with 10,000 registrants: ${ms.toFixed(0)} ms\n`);
    // Generous on a shared machine; the queries themselves take milliseconds.
    expect(ms).toBeLessThan(3000);
  });
});
