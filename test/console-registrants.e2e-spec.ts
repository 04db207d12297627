import { ParsedMail } from 'mailparser';
import { registerThroughApi, settled } from './support/acceptance';
import { ConsoleEnv, ConsoleSession, organizerConsole, startConsoleEnv } from './support/console';
import { CohostedEvent, createCohostedEvent, sql } from './support/events';
import { createOrganizer, createPartner } from './support/factories';
import { eventually } from './support/mail-server';
import { defineQuestions, everyKindOfQuestion } from './support/questions';
import { countOf, linkOf, rowIds, rowStatuses, seedRegistrants } from './support/registrants';
import { UNTHROTTLED } from './support/registrations';

/**
 * The registrant table of the organizer console over HTTP: filtering,
 * searching and paging 1,000 seeded registrants, the CSV of the same
 * filters, a co-host's consenting-only view, cancelling from the table (the
 * first waitlisted promoted and emailed), the promoted count after raising
 * capacity, and bad query input answered 400 (never 500).
 */
describe('console registrant table over HTTP', () => {
  let env: ConsoleEnv;
  const { session, get, post } = organizerConsole(() => env.api);

  beforeAll(async () => {
    env = await startConsoleEnv(UNTHROTTLED);
  });
  afterAll(async () => {
    await env?.close();
  });

  async function setup(
    options: Parameters<typeof createCohostedEvent>[1] = {},
  ): Promise<CohostedEvent & { hostSession: ConsoleSession; cohostSession: ConsoleSession; path: string }> {
    const cohosted = await createCohostedEvent(env.api, options);
    return {
      ...cohosted,
      hostSession: await session(cohosted.hostOrganizer),
      cohostSession: await session(cohosted.cohostOrganizer),
      path: `/console/events/${cohosted.event.id}/registrations`,
    };
  }

  /** Every row id of the table under `first`, following "Next page" to the end. */
  async function allPages(first: string, s: ConsoleSession): Promise<{ ids: string[]; pages: string[] }> {
    const ids: string[] = [];
    const pages: string[] = [];
    for (let href: string | undefined = first; href;) {
      const page = await get(href, s).set('Accept-Language', 'en').expect(200);
      pages.push(page.text);
      ids.push(...rowIds(page.text));
      href = linkOf(page.text, 'next-page');
    }
    return { ids, pages };
  }

  const N = 1000;

  it('filters by status and partner, searches and pages 1,000 registrants; the CSV has the same rows', async () => {
    const { event, host, cohost, hostSession, path } = await setup();
    await seedRegistrants(env.api, event.id, N, { tag: 'filters', viaPartnerIds: [host.id, cohost.id] });

    const eventPage = await get(`/console/events/${event.id}`, hostSession).expect(200);
    expect(eventPage.text).toContain(`href="${path}"`);

    const first = await get(path, hostSession).set('Accept-Language', 'en').expect(200);
    expect(first.text).toContain('1,000 registrants match.');
    expect(first.text).toContain(
      `Confirmed ${countOf(N, (i) => i % 10 > 1)} · waitlisted ${N / 10} · cancelled ${N / 10}`,
    );
    expect(rowIds(first.text)).toHaveLength(50);
    expect(first.text).not.toContain('data-testid="previous-page"');
    expect(first.text).toContain('>Person 1<');
    expect(first.text).toContain('Waitlisted #1');

    // Every registrant once, in registration order, over 20 pages.
    const { ids, pages } = await allPages(path, hostSession);
    expect(pages).toHaveLength(20);
    expect(new Set(ids).size).toBe(N);
    const ordered = await sql<{ id: string }>(
      env.api,
      'SELECT id FROM registrations WHERE event_id = $1 ORDER BY created_at, id',
      [event.id],
    );
    expect(ids).toEqual(ordered.map((r) => r.id));

    // Back from page 3 is page 2; back from page 2 is page 1, which has no way further back.
    const third = await get(linkOf(pages[1], 'next-page')!, hostSession).expect(200);
    const second = await get(linkOf(third.text, 'previous-page')!, hostSession).expect(200);
    expect(rowIds(second.text)).toEqual(ids.slice(50, 100));
    const firstAgain = await get(linkOf(second.text, 'previous-page')!, hostSession).expect(200);
    expect(rowIds(firstAgain.text)).toEqual(ids.slice(0, 50));
    expect(firstAgain.text).not.toContain('data-testid="previous-page"');
    expect(firstAgain.text).toContain('data-testid="next-page"');

    // Status: every row waitlisted, positions 1..100 in order.
    const waitlisted = await allPages(`${path}?status=waitlisted`, hostSession);
    expect(waitlisted.ids).toHaveLength(N / 10);
    expect(waitlisted.pages.flatMap(rowStatuses).every((s) => s === 'waitlisted')).toBe(true);
    expect(waitlisted.pages[1]).toContain('Waitlisted #100');

    // Partner: the co-host's link, and registrants no partner brought.
    const viaCohost = await allPages(`${path}?via=${cohost.slug}`, hostSession);
    expect(viaCohost.ids).toHaveLength(countOf(N, (i) => i % 8 === 4));
    const direct = await get(`${path}?via=-`, hostSession).set('Accept-Language', 'en').expect(200);
    expect(direct.text).toContain(`${countOf(N, (i) => i % 4 !== 0)} registrants match.`);

    // Search: name, organization, email; any case; Japanese; invisible characters ignored; combined with a filter.
    const search = async (q: string, extra = '') =>
      (
        await get(`${path}?q=${encodeURIComponent(q)}${extra}`, hostSession)
          .set('Accept-Language', 'en')
          .expect(200)
      ).text;
    expect(await search('person 77')).toContain(
      `${countOf(N, (i) => i % 5 !== 0 && /^77/.test(String(i)))} registrants match.`,
    );
    expect(await search('PERSON777@')).toContain('1 registrant matches.');
    expect(await search('per\u200Bson777@')).toContain('1 registrant matches.');
    expect(await search('京都バイオ')).toContain(`${N / 5} registrants match.`);
    expect(await search('山田 5', '&status=cancelled')).toContain(
      `${countOf(N, (i) => i % 5 === 0 && i % 10 === 0 && /^5/.test(String(i)))} registrants match.`,
    );
    expect(await search('filters-org3.example', `&via=${host.slug}`)).toContain(
      `${countOf(N, (i) => i % 7 === 3 && i % 8 === 0)} registrants match.`,
    );
    expect(await search('100%')).toContain('No registrant matches.');
    expect(await search('_')).toContain('No registrant matches.');

    // The CSV of the same filters: the API's Excel-safe export, the same rows.
    const filtered = await get(`${path}?status=confirmed&q=${encodeURIComponent('山田')}`, hostSession).expect(200);
    const csvHref = linkOf(filtered.text, 'csv-link')!;
    expect(csvHref).toBe(`${path}.csv?status=confirmed&q=${encodeURIComponent('山田').replace(/%20/g, '+')}`);
    const csv = await get(csvHref, hostSession).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.text.startsWith('\uFEFFid,status,waitlistPosition,name')).toBe(true);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + countOf(N, (i) => i % 5 === 0 && i % 10 > 1));
    expect(lines.slice(1).every((line) => line.includes(',confirmed,') && line.includes('山田'))).toBe(true);
  });

  it('shows a co-host only the registrants who consented, and how many others there are', async () => {
    const { event, host, cohostSession, path } = await setup();
    await seedRegistrants(env.api, event.id, N, { tag: 'consent', viaPartnerIds: [host.id] });

    const page = await get(path, cohostSession).set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain(`${N / 2} registrants match.`);
    // Registered at: on the clock of the viewer's partner (Copenhagen), as on the dashboard.
    expect(page.text).toContain('Registered (Central European Standard Time)');
    expect(page.text).toContain(`${N / 2} other registrants of this status are not shown`);
    const { ids } = await allPages(path, cohostSession);
    const shared = await sql<{ id: string }>(
      env.api,
      'SELECT id FROM registrations WHERE event_id = $1 AND share_with_cohosts ORDER BY created_at, id',
      [event.id],
    );
    expect(ids).toEqual(shared.map((r) => r.id));

    const ja = await get(`${path}?status=waitlisted`, cohostSession).set('Accept-Language', 'ja').expect(200);
    expect(ja.text).toContain(
      `この状態のほかの申込者 ${countOf(N, (i) => i % 10 === 1 && i % 2 === 1)} 名は表示されません`,
    );

    // A search never reveals a registrant who did not consent (Person 1 did not), nor changes the hidden count.
    const hiddenOne = await get(`${path}?q=person1%40`, cohostSession).set('Accept-Language', 'en').expect(200);
    expect(hiddenOne.text).toContain('No registrant matches.');
    expect(hiddenOne.text).toContain(`${N / 2} other registrants of this status are not shown`);

    // The CSV holds the same consenting rows only; the registration of someone hidden is 404 to cancel.
    const csv = await get(`${path}.csv`, cohostSession).expect(200);
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(1 + N / 2);
    expect(csv.text).not.toContain('person1@');
    const [unshared] = await sql<{ id: string }>(
      env.api,
      `SELECT id FROM registrations WHERE event_id = $1 AND NOT share_with_cohosts AND status = 'confirmed' LIMIT 1`,
      [event.id],
    );
    await get(`${path}/${unshared.id}/cancel`, cohostSession).expect(404);
    await post(`${path}/${unshared.id}/cancel`, cohostSession, { _csrf: cohostSession.csrf }).expect(404);
    expect(
      (await sql<{ status: string }>(env.api, 'SELECT status FROM registrations WHERE id = $1', [unshared.id]))[0],
    ).toEqual({ status: 'confirmed' });

    // Another partner's organizer: 403 on the page, the CSV and the cancel.
    const stranger = await session(await createOrganizer(env.api, await createPartner(env.api)));
    await get(path, stranger).expect(403);
    await get(`${path}.csv`, stranger).expect(403);
    await post(`${path}/${unshared.id}/cancel`, stranger, { _csrf: stranger.csrf }).expect(403);
  });

  it('cancels from the table after a confirmation; the first waitlisted is promoted and emailed', async () => {
    const { event, hostSession, path } = await setup({ event: { capacity: 2, waitlist: true } });
    const a = await registerThroughApi(env.api, event, { name: 'Aiko Confirmed', locale: 'en' });
    await registerThroughApi(env.api, event, { name: 'Ben Confirmed' });
    const w1 = await registerThroughApi(env.api, event, { name: 'Chika Waiting', locale: 'en' });
    const w2 = await registerThroughApi(env.api, event, { name: 'Dan Waiting' });
    expect([w1.status, w2.status]).toEqual(['waitlisted', 'waitlisted']);
    await settled(env.api, event.id);

    const table = await get(`${path}?status=confirmed`, hostSession).set('Accept-Language', 'en').expect(200);
    const cancelHref = `${path}/${a.id}/cancel?status=confirmed`;
    expect(table.text).toContain(`href="${cancelHref}"`);

    const confirm = await get(cancelHref, hostSession).set('Accept-Language', 'en').expect(200);
    expect(confirm.text).toContain('Cancel the registration of Aiko Confirmed?');
    expect(confirm.text).toContain('data-testid="cancel-promotes"');
    expect(confirm.text).toContain('name="status" value="confirmed"');
    // The GET changed nothing; a POST without the CSRF token neither.
    await post(`${path}/${a.id}/cancel`, hostSession, { status: 'confirmed' }).expect(403);
    expect((await sql(env.api, 'SELECT status FROM registrations WHERE id = $1', [a.id]))[0]).toEqual({
      status: 'confirmed',
    });

    const before = (await env.smtp.parsedFor(w1.email)).length;
    const done = await post(`${path}/${a.id}/cancel`, hostSession, { _csrf: hostSession.csrf, status: 'confirmed' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`${path}?status=confirmed&done=cancelled&promoted=1`);
    const after = await get(done.headers.location, hostSession).set('Accept-Language', 'en').expect(200);
    expect(after.text).toContain('1 person moved from the waitlist to confirmed and is being emailed.');
    expect(rowIds(after.text)).toContain(w1.id);
    expect(rowIds(after.text)).not.toContain(a.id);
    const statuses = await sql<{ id: string; status: string }>(
      env.api,
      'SELECT id, status FROM registrations WHERE event_id = $1',
      [event.id],
    );
    expect(statuses.find((r) => r.id === a.id)?.status).toBe('cancelled');
    expect(statuses.find((r) => r.id === w1.id)?.status).toBe('confirmed');
    expect(statuses.find((r) => r.id === w2.id)?.status).toBe('waitlisted');

    // The promoted registrant gets the confirmation with its calendar invitation; the cancelled one is told.
    await eventually(async () => (await env.smtp.parsedFor(w1.email)).length > before, 15_000);
    const promotedMail: ParsedMail = (await env.smtp.parsedFor(w1.email)).at(-1)!;
    expect(promotedMail.subject).toContain('A seat opened up, you are registered');
    expect(promotedMail.attachments.some((p) => p.contentType === 'text/calendar')).toBe(true);
    await eventually(
      async () => (await env.smtp.parsedFor(a.email)).some((m) => m.subject?.startsWith('Registration cancelled')),
      15_000,
    );
    const cancelledRows = await sql(
      env.api,
      `SELECT kind FROM notifications WHERE registration_id = $1 AND kind = 'registration.cancelled'`,
      [a.id],
    );
    expect(cancelledRows).toHaveLength(1);

    // Again: the registration is already cancelled (409, said on the page).
    const again = await post(`${path}/${a.id}/cancel`, hostSession, { _csrf: hostSession.csrf });
    expect(again.status).toBe(409);
    expect(again.text).toContain('data-testid="already-cancelled"');
  });

  it('says how many waitlisted registrants a raised capacity promoted', async () => {
    const { event, hostSession } = await setup({ event: { capacity: 1, waitlist: true } });
    await registerThroughApi(env.api, event);
    const waiting = [];
    for (let i = 0; i < 3; i++) waiting.push(await registerThroughApi(env.api, event));
    expect(waiting.map((w) => w.status)).toEqual(['waitlisted', 'waitlisted', 'waitlisted']);

    const edit = await get(`/console/events/${event.id}/edit`, hostSession).expect(200);
    // The form as the browser would post it, with only the capacity changed.
    const fields: Record<string, string> = Object.fromEntries([
      ...[...edit.text.matchAll(/<input(?![^>]*type="checkbox")[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
      ...[...edit.text.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)].map((m) => [m[1], m[2]]),
    ]);
    const saved = await post(`/console/events/${event.id}`, hostSession, {
      ...fields,
      timezone: 'Asia/Tokyo',
      visibility: 'public',
      audience: 'public',
      waitlist: 'on',
      capacity: '3',
      _csrf: hostSession.csrf,
    });
    expect([saved.status, /<[^>]*aria-invalid[^>]*>/.exec(saved.text)?.[0]]).toEqual([303, undefined]);
    expect(saved.headers.location).toBe(`/console/events/${event.id}?done=saved&promoted=2`);
    const page = await get(saved.headers.location, hostSession).set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('Your changes were saved. 2 people moved from the waitlist to confirmed');
    const ja = await get(saved.headers.location, hostSession).set('Accept-Language', 'ja').expect(200);
    expect(ja.text).toContain('キャンセル待ちの 2 名が確定になりました');
    const rows = await sql<{ status: string }>(
      env.api,
      'SELECT status FROM registrations WHERE event_id = $1 ORDER BY created_at',
      [event.id],
    );
    expect(rows.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted']);
    const promoted = await sql(
      env.api,
      `SELECT 1 FROM notifications WHERE event_id = $1 AND kind = 'registration.promoted'`,
      [event.id],
    );
    expect(promoted).toHaveLength(2);
  });

  it("shows each question's answers in its own column, old answers readable, hidden from a co-host without consent", async () => {
    const { event, hostOrganizer, hostSession, cohostSession, path } = await setup();
    const q = await defineQuestions(env.api, hostOrganizer, event, everyKindOfQuestion());
    const answers = (role: string) => ({
      [q[0].id]: role,
      [q[1].id]: 'How trials are designed',
      [q[2].id]: 'med',
      [q[3].id]: [q[3].choices[0].id, q[3].choices[2].id],
      [q[4].id]: true,
    });
    const shared = await registerThroughApi(env.api, event, {
      name: 'Shared Answers',
      answers: answers('Researcher'),
      consent: { shareWithCohosts: true },
    });
    await registerThroughApi(env.api, event, {
      name: 'Private Answers',
      answers: answers('Undisclosed role'),
      consent: { shareWithCohosts: false },
    });
    // The single choice is renamed (version 2); the long text and the multiple choice are removed.
    const changed = everyKindOfQuestion().questions.map((x, i) => ({ ...x, id: q[i].id }));
    changed[2] = { ...changed[2], label: { en: 'Discipline', ja: '専門分野' } };
    await env.api.http
      .put(`/api/v1/events/${event.id}/questions`)
      .set(hostOrganizer.headers)
      .send({ questions: [changed[0], changed[2], changed[4]] })
      .expect(200);

    const en = await get(path, hostSession).set('Accept-Language', 'en').expect(200);
    const headers = [...en.text.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual([
      'Status',
      'Name',
      'Organization',
      'Email',
      'Language',
      'Partner (via)',
      'Registered (Japan Standard Time)',
      'Attended',
      'Your role',
      'Discipline',
      'I agree to be recorded',
      'What do you hope to learn?',
      'Sessions',
      'Actions',
    ]);
    const row = en.text.split(`data-id="${shared.id}"`)[1].split('</tr>')[0];
    const cells = [...row.matchAll(/data-testid="answer">(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual([
      'Researcher',
      'Medicine <span class="reg-then">(answered to: Field)</span>',
      'Yes',
      'How trials are designed',
      'Morning; Panel',
    ]);
    const ja = await get(path, hostSession).set('Accept-Language', 'ja').expect(200);
    expect(ja.text).toContain('<th scope="col">専門分野</th>');
    expect(ja.text).toContain('(回答時の質問:分野)');
    expect(ja.text).toContain('>はい<');
    expect(en.text).toContain('Undisclosed role');

    const cohost = await get(path, cohostSession).set('Accept-Language', 'en').expect(200);
    expect(cohost.text).toContain('Researcher');
    expect(cohost.text).not.toContain('Undisclosed role');
    expect(cohost.text).not.toContain('Private Answers');

    // The JSON list takes the same filters as the table (via, q), for the host and a co-host alike.
    const json = await env.api.http
      .get(`/api/v1/events/${event.id}/registrations?q=${encodeURIComponent('answers')}&via=-`)
      .set(hostOrganizer.headers)
      .expect(200);
    expect(json.body.items.map((i: { name: string }) => i.name).sort()).toEqual(['Private Answers', 'Shared Answers']);
    const none = await env.api.http
      .get(`/api/v1/events/${event.id}/registrations?q=private&status=confirmed`)
      .set(hostOrganizer.headers)
      .expect(200);
    expect(none.body.total).toBe(1);
    await env.api.http
      .get(`/api/v1/events/${event.id}/registrations?via=Bad_Slug`)
      .set(hostOrganizer.headers)
      .expect(400);
  });

  it('answers bad query input with 400 or ignores it, never 500', async () => {
    const { event, hostSession, path } = await setup();
    await seedRegistrants(env.api, event.id, 60, { tag: 'bad' });
    const other = await setup();
    await seedRegistrants(env.api, other.event.id, 3, { tag: 'other' });
    const [foreign] = await sql<{ id: string }>(env.api, 'SELECT id FROM registrations WHERE event_id <> $1 LIMIT 1', [
      event.id,
    ]);
    const cursor = linkOf((await get(path, hostSession).expect(200)).text, 'next-page')!.split('after=')[1];

    const refused = [
      'status=bogus',
      'status=confirmed&status=waitlisted',
      'via=Not_A_Slug',
      `via=${'a'.repeat(65)}`,
      `q=${'x'.repeat(201)}`,
      'q=a&q=b',
      'after=-1',
      `after=${'9'.repeat(5000)}`,
      'after=2026-02-30T09:15:02.123456Z_6f1c0a8e-2b7d-4c55-9a0e-3d2f1b4c5a6e',
      `after=${cursor}&before=${cursor}`,
      'before=%00',
    ];
    for (const query of refused) {
      const res = await get(`${path}?${query}`, hostSession);
      expect([query, res.status]).toEqual([query, 400]);
      const csv = await get(`${path}.csv?${query}`, hostSession);
      expect([query, csv.status]).toEqual([query, 400]);
    }

    const handled = [
      'page=-1',
      'page=99999999999999999999',
      'page[]=1',
      'status[]=confirmed',
      'status[a]=confirmed',
      'q=',
      'q=%E2%80%8B%E2%80%8B',
      'q=%00%01',
      'q=%E2%80%AEevil',
      'q=%25%25%25',
      'q=%ED%A0%80',
      'q=%F0%9F%91%A9%E2%80%8D%F0%9F%94%AC',
      'via=unknown-partner',
      'status=',
      'done=cancelled&promoted=99999999999',
      'promoted=-5',
    ];
    for (const query of handled) {
      const res = await get(`${path}?${query}`, hostSession);
      expect([query, res.status]).toEqual([query, 200]);
    }
    const invisible = await get(`${path}?q=%E2%80%8B`, hostSession).set('Accept-Language', 'en').expect(200);
    expect(invisible.text).toContain('60 registrants match.');

    // Registrations that are not this event's, or not ids: 404.
    for (const id of [foreign.id, 'not-an-id', '00000000-0000-0000-0000-000000000000']) {
      expect([id, (await get(`${path}/${id}/cancel`, hostSession)).status]).toEqual([id, 404]);
      const res = await post(`${path}/${id}/cancel`, hostSession, { _csrf: hostSession.csrf });
      expect([id, res.status]).toEqual([id, 404]);
    }
    // A tampered "back to" of the cancel form still cancels and returns to the first page.
    const [victim] = await sql<{ id: string }>(
      env.api,
      `SELECT id FROM registrations WHERE event_id = $1 AND status = 'confirmed' LIMIT 1`,
      [event.id],
    );
    const done = await post(`${path}/${victim.id}/cancel`, hostSession, {
      _csrf: hostSession.csrf,
      status: 'bogus',
      after: '-1',
    });
    expect(done.status).toBe(303);
    // (the freed seat promotes: the event's capacity is above its confirmed registrants)
    expect(done.headers.location).toMatch(new RegExp(`^${path}\\?done=cancelled&promoted=\\d+$`));
  });
});
