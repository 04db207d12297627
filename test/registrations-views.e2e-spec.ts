import type { EventEntity } from '@cohost/database';
import { ApiHarness, startApi } from './support/api-harness';
import {
  createOrganizer,
  createPartner,
  insertCohost,
  insertEvent,
  TestOrganizer,
  TestPartner,
} from './support/factories';
import { register, UNTHROTTLED } from './support/registrations';

describe('organizer views of registrations', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let cohost: TestPartner;
  let event: EventEntity;
  let hostOrg: TestOrganizer;
  let cohostOrg: TestOrganizer;
  let pendingOrg: TestOrganizer;
  let strangerOrg: TestOrganizer;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
    host = await createPartner(api);
    cohost = await createPartner(api, {
      name: { en: 'Royal Danish Embassy', ja: '駐日デンマーク大使館' },
      country: 'DK',
    });
    const pending = await createPartner(api);
    const stranger = await createPartner(api);
    event = await insertEvent(api, host.id, { capacity: 2, waitlist: true });
    await insertCohost(api, event.id, cohost.id, 'accepted');
    await insertCohost(api, event.id, pending.id, 'pending');
    [hostOrg, cohostOrg, pendingOrg, strangerOrg] = await Promise.all([
      createOrganizer(api, host),
      createOrganizer(api, cohost),
      createOrganizer(api, pending),
      createOrganizer(api, stranger),
    ]);
    // Sequential, so the order (and the waitlist) is known.
    await register(api, event, { name: '山田 花子', email: 'hanako@example.jp', via: host.slug }).expect(201);
    await register(api, event, {
      name: 'Hidden Person',
      email: 'hidden@example.jp',
      consent: { shareWithCohosts: false },
      via: cohost.slug,
    }).expect(201);
    await register(api, event, {
      name: '=HYPERLINK("http://evil.test","x")',
      email: 'eve@example.jp',
      via: cohost.slug,
    }).expect(201);
    await register(api, event, {
      name: 'Lars, "the Dane"',
      email: 'lars@example.dk',
      organization: '+45 Bio',
      locale: 'en',
      timezone: 'Europe/Copenhagen',
    }).expect(201);
  });
  afterAll(() => api?.close());

  const list = (org: TestOrganizer, query = '') =>
    api.http.get(`/api/v1/events/${event.id}/registrations${query}`).set(org.headers);

  it('the host sees every registrant, with waitlist positions, totals and counts by partner', async () => {
    const { body } = await list(hostOrg).expect(200);
    expect(body.view).toBe('all');
    expect(body.items.map((i: { email: string }) => i.email)).toEqual([
      'hanako@example.jp',
      'hidden@example.jp',
      'eve@example.jp',
      'lars@example.dk',
    ]);
    expect(body.items.map((i: { waitlistPosition?: number }) => i.waitlistPosition)).toEqual([
      undefined,
      undefined,
      1,
      2,
    ]);
    expect(body.items[0]).toMatchObject({
      status: 'confirmed',
      name: '山田 花子',
      organization: 'Kyoto Bio Labs',
      via: host.slug,
      consent: { shareWithCohosts: true },
    });
    expect(body).toMatchObject({ total: 4, limit: 50, offset: 0 });
    expect(body.totals).toEqual({ confirmed: 2, waitlisted: 2, cancelled: 0 });
    expect(body.hidden).toEqual({ confirmed: 0, waitlisted: 0, cancelled: 0 });
    expect(body.byPartner).toEqual(
      expect.arrayContaining([
        { via: host.slug, confirmed: 1, waitlisted: 0, cancelled: 0 },
        { via: cohost.slug, confirmed: 1, waitlisted: 1, cancelled: 0 },
        { via: null, confirmed: 0, waitlisted: 1, cancelled: 0 },
      ]),
    );
    expect(body.byPartner).toHaveLength(3);
  });

  it('paginates and filters by status', async () => {
    const page = (await list(hostOrg, '?limit=1&offset=1').expect(200)).body;
    expect(page.items.map((i: { email: string }) => i.email)).toEqual(['hidden@example.jp']);
    expect(page.total).toBe(4);
    const waitlisted = (await list(hostOrg, '?status=waitlisted').expect(200)).body;
    expect(waitlisted.items.map((i: { email: string }) => i.email)).toEqual(['eve@example.jp', 'lars@example.dk']);
    expect(waitlisted.total).toBe(2);
    await list(hostOrg, '?status=maybe').expect(400);
    await list(hostOrg, '?limit=100000').expect(400);
  });

  it('an accepted co-host sees consenting registrants only, and totals for the rest', async () => {
    const { body } = await list(cohostOrg).expect(200);
    expect(body.view).toBe('consented');
    expect(body.items.map((i: { email: string }) => i.email)).toEqual([
      'hanako@example.jp',
      'eve@example.jp',
      'lars@example.dk',
    ]);
    expect(JSON.stringify(body)).not.toContain('hidden@example.jp');
    expect(JSON.stringify(body)).not.toContain('Hidden Person');
    expect(body.total).toBe(3);
    expect(body.totals).toEqual({ confirmed: 2, waitlisted: 2, cancelled: 0 });
    expect(body.hidden).toEqual({ confirmed: 1, waitlisted: 0, cancelled: 0 });
  });

  it('pending co-hosts and other partners get 403; no token 401; an unknown event 404', async () => {
    expect((await list(pendingOrg).expect(403)).body.code).toBe('EVENT_FORBIDDEN');
    expect((await list(strangerOrg).expect(403)).body.code).toBe('EVENT_FORBIDDEN');
    await api.http.get(`/api/v1/events/${event.id}/registrations`).expect(401);
    await api.http.get(`/api/v1/events/no-such-event/registrations`).set(hostOrg.headers).expect(404);
  });

  it('CSV: UTF-8 with BOM, the right columns, formula cells neutralised, co-host rows filtered', async () => {
    const res = await list(hostOrg)
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="registrations\.csv"$/);
    const raw = res.body as Buffer;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'id,status,waitlistPosition,name,email,organization,locale,timezone,via,shareWithCohosts,registeredAt,confirmedAt,cancelledAt,cancelledBy,attended,joinedAt',
    );
    expect(lines).toHaveLength(6); // header, 4 rows, the empty string after the last CRLF
    expect(lines[1]).toContain(',confirmed,,山田 花子,hanako@example.jp,Kyoto Bio Labs,ja,Asia/Tokyo,');
    expect(lines[3]).toContain(`,waitlisted,1,"'=HYPERLINK(""http://evil.test"",""x"")",eve@example.jp,`);
    expect(lines[4]).toContain(`,waitlisted,2,"Lars, ""the Dane""",lars@example.dk,'+45 Bio,en,Europe/Copenhagen,`);

    const forCohost = await list(cohostOrg).set('Accept', 'text/csv').expect(200);
    expect(forCohost.text).not.toContain('hidden@example.jp');
    expect(forCohost.text.split('\r\n')).toHaveLength(5);
  });
});
