import { ApiHarness, startApi } from './support/api-harness';
import { createOrganizer, createPartner } from './support/factories';
import { createCohostedEvent, createEvent, EventJson, futureSpan, NEXT_YEAR, publishEvent } from './support/events';

describe('events: create, publish, read, list', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('host creates, co-host accepts under an MOC, event published: listing shows both, joinUrl only for organizers', async () => {
    const { host, cohost, hostOrganizer, cohostOrganizer, event } = await createCohostedEvent(api, {
      event: { title: { en: 'Cell Therapy Forum', ja: '細胞治療フォーラム' } },
    });
    expect(event).toMatchObject({
      status: 'published',
      sequence: 0,
      host: { slug: host.slug, name: { en: 'Tokyo Life Science Hub', ja: '東京ライフサイエンスハブ' } },
      cohosts: [{ partner: { slug: cohost.slug, name: { en: 'Royal Danish Embassy' } }, status: 'accepted' }],
      seats: { confirmed: 0, waitlisted: 0, remaining: 100 },
      joinUrl: 'https://meet.example.org/j/123456',
    });
    expect(event.slug).toMatch(/^cell-therapy-forum(-\d+)?$/);

    const listed = await api.http.get('/api/v1/events').query({ partner: cohost.slug }).expect(200);
    expect(listed.body.items).toHaveLength(1);
    const item = listed.body.items[0] as EventJson;
    expect(item.id).toBe(event.id);
    expect(item.host.slug).toBe(host.slug);
    expect(item.cohosts.map((c) => c.partner.slug)).toEqual([cohost.slug]);
    expect(item).not.toHaveProperty('joinUrl');
    expect(JSON.stringify(listed.body)).not.toContain('meet.example.org');

    const anonymous = await api.http.get(`/api/v1/events/${event.slug}`).expect(200);
    expect(anonymous.body).not.toHaveProperty('joinUrl');
    expect(anonymous.body.id).toBe(event.id);
    for (const who of [hostOrganizer, cohostOrganizer]) {
      const seen = await api.http.get(`/api/v1/events/${event.id}`).set(who.headers).expect(200);
      expect(seen.body.joinUrl).toBe('https://meet.example.org/j/123456');
    }
    const admin = await api.http.get(`/api/v1/events/${event.id}`).set(api.admin).expect(200);
    expect(admin.body.joinUrl).toBe('https://meet.example.org/j/123456');
    const outsider = await createOrganizer(api, await createPartner(api));
    const other = await api.http.get(`/api/v1/events/${event.id}`).set(outsider.headers).expect(200);
    expect(other.body).not.toHaveProperty('joinUrl');
  });

  it('returns the event JSON with exactly the SPEC fields, times in UTC and calendar links', async () => {
    const partner = await createPartner(api);
    const organizer = await createOrganizer(api, partner);
    const created = await api.http
      .post('/api/v1/events')
      .set(organizer.headers)
      .send({
        title: { ja: '再生医療セミナー' },
        startsAt: `${NEXT_YEAR}-05-20T18:00:00+09:00`,
        endsAt: `${NEXT_YEAR}-05-20T19:30:00+09:00`,
        timezone: 'Asia/Tokyo',
        joinUrl: 'https://meet.example.org/j/9',
      })
      .expect(201);
    expect(Object.keys(created.body).sort()).toEqual(
      [
        'id',
        'slug',
        'title',
        'description',
        'startsAt',
        'endsAt',
        'timezone',
        'capacity',
        'waitlist',
        'visibility',
        'audience',
        'seatsPerOrganization',
        'status',
        'sequence',
        'reminders',
        'registrationOpensAt',
        'registrationClosesAt',
        'host',
        'cohosts',
        'seats',
        'calendarLinks',
        'joinUrl',
        'joinWindowMinutes',
        'recordingUrl',
        'recordingPublic',
        'followupSentAt',
      ].sort(),
    );
    expect(created.body).toMatchObject({
      slug: `webinar-${NEXT_YEAR}-05-20`,
      title: { ja: '再生医療セミナー' },
      description: {},
      startsAt: `${NEXT_YEAR}-05-20T09:00:00.000Z`,
      endsAt: `${NEXT_YEAR}-05-20T10:30:00.000Z`,
      capacity: null,
      waitlist: false,
      visibility: 'public',
      status: 'draft',
      sequence: 0,
      reminders: ['P1D', 'PT1H'],
      registrationOpensAt: null,
      registrationClosesAt: `${NEXT_YEAR}-05-20T09:00:00.000Z`,
      cohosts: [],
      seats: { confirmed: 0, waitlisted: 0, remaining: null },
    });
    const links = created.body.calendarLinks;
    expect(links.ics).toBe(`${api.config.http.publicBaseUrl}/api/v1/events/${created.body.id}/calendar.ics`);
    const google = new URL(links.google);
    expect(google.origin + google.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(google.searchParams.get('action')).toBe('TEMPLATE');
    expect(google.searchParams.get('dates')).toBe(`${NEXT_YEAR}0520T090000Z/${NEXT_YEAR}0520T103000Z`);
    expect(google.searchParams.get('text')).toBe('再生医療セミナー');
    const outlook = new URL(links.outlook);
    expect(outlook.searchParams.get('startdt')).toBe(`${NEXT_YEAR}-05-20T09:00:00Z`);
    expect(outlook.searchParams.get('enddt')).toBe(`${NEXT_YEAR}-05-20T10:30:00Z`);
    expect(outlook.searchParams.get('subject')).toBe('再生医療セミナー');
    expect(links.google + links.outlook).not.toContain('meet.example.org');

    // A second Japanese-only title on the same day still gets a unique, readable slug.
    const again = await createEvent(api, organizer, {
      title: { ja: '別のセミナー' },
      startsAt: `${NEXT_YEAR}-05-20T20:00:00+09:00`,
      endsAt: `${NEXT_YEAR}-05-20T21:00:00+09:00`,
    });
    expect(again.slug).toBe(`webinar-${NEXT_YEAR}-05-20-2`);
  });

  it('hides drafts from the public and from other partners (404), shows them to the host', async () => {
    const partner = await createPartner(api);
    const organizer = await createOrganizer(api, partner);
    const draft = await createEvent(api, organizer);
    await api.http.get(`/api/v1/events/${draft.id}`).expect(404);
    await api.http.get(`/api/v1/events/${draft.slug}`).expect(404);
    const outsider = await createOrganizer(api, await createPartner(api));
    await api.http.get(`/api/v1/events/${draft.id}`).set(outsider.headers).expect(404);
    await api.http.get(`/api/v1/events/${draft.id}`).set(organizer.headers).expect(200);
    const listed = await api.http.get('/api/v1/events').query({ partner: partner.slug }).expect(200);
    expect(listed.body.items).toEqual([]);
  });

  it('lists only published public events, filtered and paginated by start', async () => {
    const partner = await createPartner(api);
    const organizer = await createOrganizer(api, partner);
    const made: EventJson[] = [];
    for (const [i, title] of ['Alpha 100% talk', 'Beta_talk', 'Gamma talk', 'Delta talk', 'Epsilon talk'].entries()) {
      const event = await createEvent(api, organizer, { title: { en: title }, ...futureSpan(40 + i) });
      made.push(await publishEvent(api, organizer, event.id));
    }
    const hidden = await createEvent(api, organizer, { visibility: 'invite_only', ...futureSpan(41) });
    await publishEvent(api, organizer, hidden.id);
    await createEvent(api, organizer, futureSpan(42)); // a draft

    const all = await api.http.get('/api/v1/events').query({ partner: partner.slug }).expect(200);
    expect(all.body.items.map((e: EventJson) => e.id)).toEqual(made.map((e) => e.id));
    expect(all.body).toMatchObject({ total: 5, limit: 20, page: null, nextCursor: null });

    const first = await api.http.get('/api/v1/events').query({ partner: partner.slug, limit: 2 }).expect(200);
    expect(first.body.items.map((e: EventJson) => e.id)).toEqual(made.slice(0, 2).map((e) => e.id));
    const second = await api.http
      .get('/api/v1/events')
      .query({ partner: partner.slug, limit: 2, cursor: first.body.nextCursor })
      .expect(200);
    expect(second.body.items.map((e: EventJson) => e.id)).toEqual(made.slice(2, 4).map((e) => e.id));
    const page3 = await api.http.get('/api/v1/events').query({ partner: partner.slug, limit: 2, page: 3 }).expect(200);
    expect(page3.body.items.map((e: EventJson) => e.id)).toEqual([made[4].id]);
    expect(page3.body).toMatchObject({ page: 3, total: 5, nextCursor: null });

    const q = await api.http.get('/api/v1/events').query({ partner: partner.slug, q: 'beta_' }).expect(200);
    expect(q.body.items.map((e: EventJson) => e.title.en)).toEqual(['Beta_talk']);
    const pct = await api.http.get('/api/v1/events').query({ q: '100%' }).expect(200);
    expect(pct.body.items.map((e: EventJson) => e.id)).toEqual([made[0].id]);
    const ja = await api.http.get('/api/v1/events').query({ q: 'シンポジウム', partner: partner.slug }).expect(200);
    expect(ja.body.items).toHaveLength(0);

    const window = await api.http
      .get('/api/v1/events')
      .query({ partner: partner.slug, from: made[1].startsAt, to: made[3].startsAt })
      .expect(200);
    expect(window.body.items.map((e: EventJson) => e.id)).toEqual([made[1].id, made[2].id]);

    await api.http.get('/api/v1/events').query({ cursor: 'bogus', page: 1 }).expect(400);
    await api.http.get('/api/v1/events').query({ cursor: 'bogus' }).expect(400);
    await api.http.get('/api/v1/events').query({ limit: 0 }).expect(400);
    await api.http.get('/api/v1/events').query({ from: '2026-05-01T00:00' }).expect(400);
  });
});
