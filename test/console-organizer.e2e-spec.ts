import { DataSource } from 'typeorm';
import { ApiHarness, startApi } from './support/api-harness';
import { ConsoleSession, consoleSessionCookie, organizerConsole } from './support/console';
import { acceptCohost, createEvent, futureSpan, inviteCohost, publishEvent } from './support/events';
import { createAgreement, createOrganizer, createPartner, TestOrganizer, TestPartner } from './support/factories';

/**
 * The organizer pages over HTTP: what a party may do and others may not
 * (403/404 from the API's own access matrix), CSRF, form validation into
 * the API's DTOs, the "N people will be notified" confirmation and the
 * co-host picker's reasons. The browser story is in console-organizer-browser.
 */
describe('console organizer pages over HTTP', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let embassy: TestPartner;
  let stranger: TestPartner;
  let hostOrganizer: TestOrganizer;
  let embassyOrganizer: TestOrganizer;
  let strangerOrganizer: TestOrganizer;
  let hostSession: ConsoleSession;
  let embassySession: ConsoleSession;
  let strangerSession: ConsoleSession;

  const { session, get, post } = organizerConsole(() => api);

  beforeAll(async () => {
    api = await startApi();
    host = await createPartner(api, { name: { en: 'Tokyo Life Science Hub', ja: '東京ライフサイエンスハブ' } });
    embassy = await createPartner(api, {
      name: { en: 'Royal Danish Embassy' },
      country: 'DK',
      timezone: 'Europe/Copenhagen',
    });
    stranger = await createPartner(api, { name: { en: 'Osaka Bio Cluster' } });
    await createAgreement(api, host, embassy);
    hostOrganizer = await createOrganizer(api, host);
    embassyOrganizer = await createOrganizer(api, embassy);
    strangerOrganizer = await createOrganizer(api, stranger);
    [hostSession, embassySession, strangerSession] = await Promise.all(
      [hostOrganizer, embassyOrganizer, strangerOrganizer].map(session),
    );
  });
  afterAll(async () => {
    await api?.close();
  });

  function form(csrf: string, overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
    return {
      _csrf: csrf,
      titleEn: 'Cell therapy forum',
      titleJa: '細胞治療フォーラム',
      descriptionEn: 'Talks.',
      descriptionJa: '講演。',
      timezone: 'Asia/Tokyo',
      startsAt: '2028-05-20T18:00',
      endsAt: '2028-05-20T20:00',
      capacity: '50',
      visibility: 'public',
      audience: 'public',
      seatsPerOrganization: '',
      joinUrl: 'https://meet.example.org/j/1',
      joinWindowMinutes: '15',
      reminders: ['P1D', 'PT1H'],
      remindersOther: '',
      intent: 'save',
      ...overrides,
    };
  }

  it('creates a draft from Tokyo wall-clock times and shows them on the Copenhagen clock', async () => {
    const created = await post('/console/events', hostSession, form(hostSession.csrf));
    expect(created.status).toBe(303);
    const location = created.headers.location as string;
    expect(location).toMatch(/^\/console\/events\/[0-9a-f-]{36}\?done=created$/);
    const id = location.split('/')[3].split('?')[0];
    const [row] = await api.app
      .get(DataSource)
      .query(`SELECT starts_at, ends_at, timezone, status, capacity, reminders FROM events WHERE id = $1`, [id]);
    expect(row).toMatchObject({ timezone: 'Asia/Tokyo', status: 'draft', capacity: 50, reminders: ['P1D', 'PT1H'] });
    expect(row.starts_at.toISOString()).toBe('2028-05-20T09:00:00.000Z');

    await post(`/console/events/${id}/cohosts`, hostSession, { _csrf: hostSession.csrf, partner: embassy.slug }).expect(
      303,
    );
    const page = await get(`/console/events/${id}?lang=en`, hostSession).expect(200);
    expect(page.text).toContain('Sat, 20 May 2028, 18:00–20:00 (Japan Standard Time)');
    expect(page.text).toContain('Sat, 20 May 2028, 11:00–13:00 (Central European Summer Time)');
  });

  it('re-shows a bad form with the values typed and a message per field (400), in the page language', async () => {
    const res = await post(
      '/console/events?lang=en',
      hostSession,
      form(hostSession.csrf, {
        titleEn: '',
        titleJa: '',
        startsAt: '2028-05-20T18:00',
        endsAt: 'tomorrow',
        capacity: '-3',
        joinUrl: 'http://insecure.example/j/1',
        remindersOther: 'P2M',
        descriptionEn: 'Keep <this> & that',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('aria-invalid="true"');
    for (const field of ['titleEn', 'endsAt', 'capacity', 'joinUrl', 'reminders']) {
      expect(res.text).toContain(`href="#f-${field}"`);
      expect(res.text).toContain(`id="f-${field}-error"`);
    }
    expect(res.text).toContain('Enter a link starting with https://.');
    expect(res.text).toContain('value="http://insecure.example/j/1"');
    expect(res.text).toContain('Keep &lt;this&gt; &amp; that');
    expect(res.text).toContain('value="-3"');
  });

  it('creates and edits a members-only webinar with seats per organization and a join window (the API stores them)', async () => {
    const db = api.app.get(DataSource);
    const fresh = await get('/console/events/new?lang=en', hostSession).expect(200);
    expect(fresh.text).toContain('id="f-audience" name="audience" value="public" checked');
    expect(fresh.text).toContain('name="joinWindowMinutes" value="15"');
    expect(fresh.text).toContain('Seats per member organization');

    const created = await post(
      '/console/events',
      hostSession,
      form(hostSession.csrf, {
        titleEn: 'Members forum',
        audience: 'members',
        seatsPerOrganization: '3',
        joinWindowMinutes: '45',
        waitlist: 'yes',
      }),
    );
    expect(created.status).toBe(303);
    const id = (created.headers.location as string).split('/')[3].split('?')[0];
    const columns = `SELECT audience, seats_per_organization, join_window_minutes FROM events WHERE id = $1`;
    expect((await db.query(columns, [id]))[0]).toEqual({
      audience: 'members',
      seats_per_organization: 3,
      join_window_minutes: 45,
    });
    // The same values as the JSON API shows them.
    const json = await api.http.get(`/api/v1/events/${id}`).set('Authorization', `Bearer ${hostOrganizer.token}`);
    expect(json.body).toMatchObject({ audience: 'members', seatsPerOrganization: 3, joinWindowMinutes: 45 });

    const page = await get(`/console/events/${id}?lang=en`, hostSession).expect(200);
    expect(page.text).toContain('at most 3 confirmed per organization');
    expect(page.text).toContain('open 45 minutes before the start');
    const ja = await get(`/console/events/${id}?lang=ja`, hostSession).expect(200);
    expect(ja.text).toContain('1 組織あたり確定 3 名まで');

    // The edit form shows them; an edit changes them (empty seats: no cap) and back to public.
    const edit = await get(`/console/events/${id}/edit?lang=ja`, hostSession).expect(200);
    expect(edit.text).toContain('id="f-audience-members" name="audience" value="members" checked');
    expect(edit.text).toContain('name="seatsPerOrganization" value="3"');
    expect(edit.text).toContain('name="joinWindowMinutes" value="45"');
    expect(edit.text).toContain('会員組織ごとの席数');
    const saved = await post(
      `/console/events/${id}`,
      hostSession,
      form(hostSession.csrf, {
        titleEn: 'Members forum',
        audience: 'members',
        seatsPerOrganization: '5',
        joinWindowMinutes: '0',
        waitlist: 'yes',
      }),
    );
    expect(saved.status).toBe(303);
    expect((await db.query(columns, [id]))[0]).toEqual({
      audience: 'members',
      seats_per_organization: 5,
      join_window_minutes: 0,
    });
    const cleared = await post(
      `/console/events/${id}`,
      hostSession,
      form(hostSession.csrf, { titleEn: 'Members forum', audience: 'public', joinWindowMinutes: '1440' }),
    );
    expect(cleared.status).toBe(303);
    expect((await db.query(columns, [id]))[0]).toEqual({
      audience: 'public',
      seats_per_organization: null,
      join_window_minutes: 1440,
    });
  });

  it('re-shows the form for a bad audience, seats per organization or join window, storing nothing', async () => {
    const db = api.app.get(DataSource);
    const count = async () =>
      (await db.query(`SELECT count(*)::int AS n FROM events WHERE host_partner_id = $1`, [host.id]))[0].n as number;
    const event = await createEvent(api, hostOrganizer);
    const columns = `SELECT audience, seats_per_organization, join_window_minutes, title_en FROM events WHERE id = $1`;
    const before = (await db.query(columns, [event.id]))[0];
    const cases: Array<[string, Record<string, string>, string, string]> = [
      ['negative seats', { seatsPerOrganization: '-2' }, 'seatsPerOrganization', 'value="-2"'],
      ['huge seats', { seatsPerOrganization: '99999999999' }, 'seatsPerOrganization', 'value="99999999999"'],
      ['seats not a number', { seatsPerOrganization: 'three' }, 'seatsPerOrganization', 'value="three"'],
      ['negative window', { joinWindowMinutes: '-5' }, 'joinWindowMinutes', 'value="-5"'],
      ['huge window', { joinWindowMinutes: '100000' }, 'joinWindowMinutes', 'value="100000"'],
      ['window not a number', { joinWindowMinutes: 'soon' }, 'joinWindowMinutes', 'value="soon"'],
      ['window missing', { joinWindowMinutes: '' }, 'joinWindowMinutes', 'name="joinWindowMinutes" value=""'],
      ['audience missing', { audience: '' }, 'audience', 'id="f-audience-error"'],
      ['audience unknown', { audience: 'everyone' }, 'audience', 'id="f-audience-error"'],
    ];
    const messages = {
      seatsPerOrganization: [
        'Enter a whole number from 1 to 1,000,000, or leave empty for no limit.',
        '1〜1,000,000 の整数を入力するか、上限なしなら空欄にしてください。',
      ],
      joinWindowMinutes: [
        'Enter a whole number of minutes from 0 to 1,440.',
        '0〜1,440 の整数(分)を入力してください。',
      ],
      audience: [
        'Choose who can register: anyone or member organizations only.',
        '申し込みできる人(どなたでも、または会員組織のみ)を選んでください。',
      ],
    } as Record<string, [string, string]>;
    const n = await count();
    for (const [name, overrides, field, kept] of cases) {
      for (const [lang, message] of [
        ['en', messages[field][0]],
        ['ja', messages[field][1]],
      ] as const) {
        for (const path of ['/console/events', `/console/events/${event.id}`]) {
          const res = await post(
            `${path}?lang=${lang}`,
            hostSession,
            form(hostSession.csrf, { titleEn: 'Changed title', audience: 'members', ...overrides }),
          );
          const what = `${name} ${lang} ${path}`;
          expect([what, res.status]).toEqual([what, 400]);
          expect([what, res.text.includes(`href="#f-${field}"`)]).toEqual([what, true]);
          expect([what, res.text.includes(`id="f-${field}-error"`)]).toEqual([what, true]);
          expect([what, res.text.includes(message)]).toEqual([what, true]);
          expect([what, res.text.includes(kept)]).toEqual([what, true]);
          // What else was typed is kept.
          expect([what, res.text.includes('Changed title')]).toEqual([what, true]);
        }
      }
    }
    expect(await count()).toBe(n);
    expect((await db.query(columns, [event.id]))[0]).toEqual(before);
  });

  it('the edit form sets, makes public and removes the recording link (https only); the create form has none', async () => {
    const db = api.app.get(DataSource);
    const recording = `SELECT recording_url, recording_public FROM events WHERE id = $1`;
    expect((await get('/console/events/new?lang=en', hostSession).expect(200)).text).not.toContain('recordingUrl');
    const event = await createEvent(api, hostOrganizer);
    const edit = await get(`/console/events/${event.id}/edit?lang=en`, hostSession).expect(200);
    expect(edit.text).toContain('name="recordingUrl" value=""');
    expect(edit.text).toContain('Also show the recording link on the public webinar page');

    const refused = await post(
      `/console/events/${event.id}?lang=ja`,
      hostSession,
      form(hostSession.csrf, { recordingUrl: 'http://video.example.org/rec/1', recordingPublic: 'yes' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="f-recordingUrl-error"');
    expect(refused.text).toContain('https:// で始まるリンクを入力するか、空欄にしてください。');
    expect(refused.text).toContain('value="http://video.example.org/rec/1"');
    expect((await db.query(recording, [event.id]))[0]).toEqual({ recording_url: null, recording_public: false });

    const saved = await post(
      `/console/events/${event.id}`,
      hostSession,
      form(hostSession.csrf, { recordingUrl: 'https://video.example.org/rec/1', recordingPublic: 'yes' }),
    );
    expect(saved.status).toBe(303);
    expect((await db.query(recording, [event.id]))[0]).toEqual({
      recording_url: 'https://video.example.org/rec/1',
      recording_public: true,
    });
    const again = await get(`/console/events/${event.id}/edit`, hostSession).expect(200);
    expect(again.text).toContain('name="recordingUrl" value="https://video.example.org/rec/1"');
    expect(again.text).toMatch(/name="recordingPublic" value="yes" checked/);

    await post(`/console/events/${event.id}`, hostSession, form(hostSession.csrf)).expect(303);
    expect((await db.query(recording, [event.id]))[0]).toEqual({ recording_url: null, recording_public: false });
  });

  it('refuses a time the clocks skip and an end before the start, naming the field', async () => {
    const skipped = await post(
      '/console/events?lang=en',
      hostSession,
      form(hostSession.csrf, {
        timezone: 'Europe/Copenhagen',
        startsAt: '2028-03-26T02:30',
        endsAt: '2028-03-26T04:00',
      }),
    );
    expect(skipped.status).toBe(400);
    expect(skipped.text).toContain('This time does not exist in Europe/Copenhagen');
    const order = await post(
      '/console/events?lang=en',
      hostSession,
      form(hostSession.csrf, { startsAt: '2028-05-20T18:00', endsAt: '2028-05-20T17:00' }),
    );
    expect(order.status).toBe(400);
    expect(order.text).toContain('id="f-endsAt-error"');
    expect(order.text).toContain('The end must be after the start.');
  });

  it('a POST without the CSRF token, or with another session’s, is 403 and changes nothing', async () => {
    const event = await createEvent(api, hostOrganizer);
    for (const csrf of ['', embassySession.csrf, 'x'.repeat(43)]) {
      const res = await post(`/console/events/${event.id}/publish`, hostSession, csrf ? { _csrf: csrf } : {});
      expect(res.status).toBe(403);
    }
    const missing = await post('/console/events', hostSession, { ...form(''), _csrf: '' });
    expect(missing.status).toBe(403);
    const [row] = await api.app.get(DataSource).query(`SELECT status FROM events WHERE id = $1`, [event.id]);
    expect(row.status).toBe('draft');
  });

  it('an organizer of another partner cannot open or post to the event pages (403; a draft is 404 as in the API)', async () => {
    const draft = await createEvent(api, hostOrganizer);
    const published = await createEvent(api, hostOrganizer);
    await publishEvent(api, hostOrganizer, published.id);
    for (const path of ['', '/edit', '/cancel']) {
      expect((await get(`/console/events/${published.id}${path}`, strangerSession)).status).toBe(403);
      expect((await get(`/console/events/${draft.id}${path}`, strangerSession)).status).toBe(404);
    }
    const posts: Array<[string, Record<string, string | string[]>]> = [
      ['', form(strangerSession.csrf)],
      ['/publish', {}],
      ['/cancel', {}],
      ['/cohosts', { partner: stranger.slug }],
      ['/accept', {}],
      ['/decline', {}],
      [`/cohosts/${embassy.slug}/remove`, {}],
    ];
    for (const [path, fields] of posts) {
      const res = await post(`/console/events/${published.id}${path}`, strangerSession, {
        _csrf: strangerSession.csrf,
        ...fields,
      });
      expect([path, res.status]).toEqual([path, 403]);
    }
    const [row] = await api.app
      .get(DataSource)
      .query(`SELECT status, title_en, sequence FROM events WHERE id = $1`, [published.id]);
    expect(row).toEqual({ status: 'published', title_en: 'Life Science Symposium', sequence: 0 });
  });

  it('a pending co-host sees the event and its answer, not the edit form nor the other actions', async () => {
    const event = await createEvent(api, hostOrganizer);
    await inviteCohost(api, hostOrganizer, event.id, embassy);
    const page = await get(`/console/events/${event.id}?lang=en`, embassySession).expect(200);
    expect(page.text).toContain(`action="/console/events/${event.id}/accept"`);
    expect(page.text).not.toContain(`/console/events/${event.id}/edit`);
    expect(page.text).not.toContain(`action="/console/events/${event.id}/publish"`);
    expect(page.text).not.toContain(`action="/console/events/${event.id}/cohosts"`);
    expect(page.text).not.toContain('https://meet.example.org');
    expect((await get(`/console/events/${event.id}/edit`, embassySession)).status).toBe(403);
    const edit = await post(`/console/events/${event.id}`, embassySession, form(embassySession.csrf));
    expect(edit.status).toBe(403);
    expect(
      (await post(`/console/events/${event.id}/publish`, embassySession, { _csrf: embassySession.csrf })).status,
    ).toBe(403);

    // Once accepted, the co-host edits but does not manage co-hosts.
    await post(`/console/events/${event.id}/accept`, embassySession, { _csrf: embassySession.csrf }).expect(303);
    const after = await get(`/console/events/${event.id}?lang=en`, embassySession).expect(200);
    expect(after.text).toContain(`/console/events/${event.id}/edit`);
    expect(after.text).not.toContain(`action="/console/events/${event.id}/cohosts"`);
    expect((await get(`/console/events/${event.id}/edit`, embassySession)).status).toBe(200);
  });

  it('lists partners without a covering agreement as unavailable, with the reason and date', async () => {
    const osaka = await createPartner(api, { name: { en: 'Kansai Medical Network' } });
    const lund = await createPartner(api, {
      name: { en: 'Lund Bio Park' },
      country: 'SE',
      timezone: 'Europe/Stockholm',
    });
    const span = futureSpan(60);
    const ends = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
    await createAgreement(api, host, osaka, { expiresOn: ends });
    const starts = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    // Open-ended: the key omitted (the API takes no null for an optional field).
    await createAgreement(api, lund, host, { effectiveFrom: starts, expiresOn: undefined });
    const event = await createEvent(api, hostOrganizer, span);
    const page = await get(`/console/events/${event.id}?lang=en`, hostSession).expect(200);
    const available = /<select id="f-partner"[\s\S]*?<\/select>/.exec(page.text)?.[0] ?? '';
    expect(available).toContain(`value="${embassy.slug}"`);
    expect(available).not.toContain(osaka.slug);
    expect(page.text).toContain(
      `data-partner="${osaka.slug}"><strong>Kansai Medical Network</strong>: MOC expires on ${ends}`,
    );
    expect(page.text).toContain(`data-partner="${lund.slug}"><strong>Lund Bio Park</strong>: MOC starts on ${starts}`);
    expect(page.text).toContain(
      `data-partner="${stranger.slug}"><strong>Osaka Bio Cluster</strong>: no agreement with Tokyo Life Science Hub`,
    );
    // The server refuses what the picker leaves out (a hand-made post), with the API's 422.
    const refused = await post(`/console/events/${event.id}/cohosts?lang=en`, hostSession, {
      _csrf: hostSession.csrf,
      partner: osaka.slug,
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('does not cover the whole event');
  });

  it('says how many people an edit will notify before saving, and saves only on confirmation', async () => {
    const event = await createEvent(api, hostOrganizer, { capacity: 10 });
    await publishEvent(api, hostOrganizer, event.id);
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) {
      await api.http
        .post(`/api/v1/events/${event.id}/registrations`)
        .send({
          email,
          name: 'R',
          organization: 'O',
          locale: 'en',
          timezone: 'Asia/Tokyo',
          consent: { shareWithCohosts: false },
        })
        .expect(201);
    }
    const edit = await get(`/console/events/${event.id}/edit`, hostSession).expect(200);
    const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(edit.text)?.[1] ?? '';
    const values = form(hostSession.csrf, {
      startsAt: value('startsAt'),
      endsAt: value('endsAt'),
      titleEn: 'Life Science Symposium (moved)',
      titleJa: 'ライフサイエンス・シンポジウム',
      descriptionEn: 'Talks and a panel.',
      descriptionJa: '講演とパネル討論。',
      capacity: '10',
      joinUrl: 'https://meet.example.org/j/123456',
    });
    const notice = await post(`/console/events/${event.id}?lang=en`, hostSession, values);
    expect(notice.status).toBe(200);
    expect(notice.text).toContain(
      'Saving will email an update to 3 confirmed registrants, because the English title changed.',
    );
    expect(notice.text).toContain('Save and notify 3 people');
    const db = api.app.get(DataSource);
    expect((await db.query(`SELECT title_en, sequence FROM events WHERE id = $1`, [event.id]))[0]).toEqual({
      title_en: 'Life Science Symposium',
      sequence: 0,
    });

    // An edit that could not be saved is corrected before the question, not after it.
    const backwards = await post(`/console/events/${event.id}?lang=en`, hostSession, {
      ...values,
      endsAt: values.startsAt,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('id="f-endsAt-error"');
    expect(backwards.text).not.toContain('Save and notify');

    // A change that emails nobody (capacity) saves at once.
    const quiet = await post(`/console/events/${event.id}`, hostSession, {
      ...values,
      titleEn: 'Life Science Symposium',
      capacity: '20',
    });
    expect(quiet.status).toBe(303);
    expect((await db.query(`SELECT capacity, sequence FROM events WHERE id = $1`, [event.id]))[0]).toEqual({
      capacity: 20,
      sequence: 0,
    });

    const confirmed = await post(`/console/events/${event.id}`, hostSession, {
      ...values,
      capacity: '20',
      intent: 'confirm',
    });
    expect(confirmed.status).toBe(303);
    expect((await db.query(`SELECT title_en, sequence FROM events WHERE id = $1`, [event.id]))[0]).toEqual({
      title_en: 'Life Science Symposium (moved)',
      sequence: 1,
    });
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE event_id = $1 AND kind = 'event.updated'`,
      [event.id],
    );
    expect(n).toBe(3);
  });

  it('asks before cancelling, saying how many registrants will be emailed, the waitlisted included', async () => {
    const event = await createEvent(api, hostOrganizer, { capacity: 1, waitlist: true });
    await publishEvent(api, hostOrganizer, event.id);
    const empty = await get(`/console/events/${event.id}/cancel?lang=en`, hostSession).expect(200);
    expect(empty.text).toContain('Nobody is confirmed or on the waitlist: no email will be sent.');
    const register = (email: string) =>
      api.http
        .post(`/api/v1/events/${event.id}/registrations`)
        .send({
          email,
          name: 'X',
          organization: 'O',
          locale: 'ja',
          timezone: 'Asia/Tokyo',
          consent: { shareWithCohosts: false },
        })
        .expect(201);
    expect((await register('x@example.org')).body.status).toBe('confirmed');
    expect((await register('y@example.org')).body.status).toBe('waitlisted');
    expect((await register('z@example.org')).body.status).toBe('waitlisted');
    // Cancelling emails the confirmed (a calendar cancellation) and the waitlisted (a plain email): 3.
    const ask = await get(`/console/events/${event.id}/cancel?lang=en`, hostSession).expect(200);
    expect(ask.text).toContain('3 registrants (1 confirmed, 2 on the waitlist) will be emailed');
    expect(ask.text).toContain('Cancel the webinar and notify 3 people');
    const askJa = await get(`/console/events/${event.id}/cancel?lang=ja`, hostSession).expect(200);
    expect(askJa.text).toContain('申込者 3 名(確定済み 1 名、キャンセル待ち 2 名)');
    expect(askJa.text).toContain('中止して 3 名に通知');
    const done = await post(`/console/events/${event.id}/cancel`, hostSession, {
      _csrf: hostSession.csrf,
      reason: 'The speaker fell ill',
    });
    expect(done.status).toBe(303);
    const db = api.app.get(DataSource);
    expect((await db.query(`SELECT status, cancel_reason FROM events WHERE id = $1`, [event.id]))[0]).toEqual({
      status: 'cancelled',
      cancel_reason: 'The speaker fell ill',
    });
    const page = await get(`/console/events/${event.id}?lang=en`, hostSession).expect(200);
    expect(page.text).not.toContain(`/console/events/${event.id}/edit`);
    expect(page.text).not.toContain(`action="/console/events/${event.id}/publish"`);
  });

  it('the dashboard lists hosted and accepted co-hosted webinars and the invitations both ways', async () => {
    await createEvent(api, hostOrganizer, { title: { en: 'Hosted draft' } });
    const cohosted = await createEvent(api, hostOrganizer, { title: { en: 'Co-hosted one' } });
    const invited = await createEvent(api, hostOrganizer, { title: { en: 'Waiting for the embassy' } });
    await inviteCohost(api, hostOrganizer, cohosted.id, embassy);
    await acceptCohost(api, embassyOrganizer, cohosted.id, embassy);
    await inviteCohost(api, hostOrganizer, invited.id, embassy);
    const mine = await get('/console/events?lang=en', embassySession).expect(200);
    expect(mine.text).toContain('Co-hosted one');
    expect(mine.text).not.toContain('Hosted draft');
    expect(mine.text).toContain(`action="/console/events/${invited.id}/accept"`);
    const theirs = await get('/console/events?lang=en', hostSession).expect(200);
    expect(theirs.text).toContain('Hosted draft');
    expect(/data-testid="outgoing"[\s\S]*?Waiting for the embassy[\s\S]*?Waiting for an answer/.test(theirs.text)).toBe(
      true,
    );
    const other = await get('/console/events?lang=en', strangerSession).expect(200);
    expect(other.text).not.toContain('Hosted draft');
    expect(other.text).not.toContain('Co-hosted one');
  });

  it('the invited partner declines (back to its dashboard); the host removes a co-host; neither can do the other', async () => {
    const event = await createEvent(api, hostOrganizer);
    await inviteCohost(api, hostOrganizer, event.id, embassy);
    // Only the invited partner answers; only the host removes.
    expect((await post(`/console/events/${event.id}/decline`, hostSession, { _csrf: hostSession.csrf })).status).toBe(
      403,
    );
    const declined = await post(`/console/events/${event.id}/decline`, embassySession, { _csrf: embassySession.csrf });
    expect([declined.status, declined.headers.location]).toEqual([303, '/console/events?done=declined']);
    const page = await get(`/console/events/${event.id}?lang=en`, hostSession).expect(200);
    expect(page.text).toContain('Declined');
    // A partner that declined may be invited again; then the host removes it.
    await post(`/console/events/${event.id}/cohosts`, hostSession, {
      _csrf: hostSession.csrf,
      partner: embassy.slug,
    }).expect(303);
    await post(`/console/events/${event.id}/accept`, embassySession, { _csrf: embassySession.csrf }).expect(303);
    const notHost = await post(`/console/events/${event.id}/cohosts/${embassy.slug}/remove`, embassySession, {
      _csrf: embassySession.csrf,
    });
    expect(notHost.status).toBe(403);
    await post(`/console/events/${event.id}/cohosts/${embassy.slug}/remove`, hostSession, {
      _csrf: hostSession.csrf,
    }).expect(303);
    const rows = await api.app.get(DataSource).query(`SELECT 1 FROM event_cohosts WHERE event_id = $1`, [event.id]);
    expect(rows).toEqual([]);
    // The removed partner is no party any more: the draft is 404 to it, as in the API.
    expect((await get(`/console/events/${event.id}`, embassySession)).status).toBe(404);
  });

  it('an admin session is refused on the organizer pages (403)', async () => {
    const admin = await consoleSessionCookie(api, { email: 'admin.org-pages@hub.example', role: 'admin' });
    expect((await get('/console/events', admin)).status).toBe(403);
  });
});
