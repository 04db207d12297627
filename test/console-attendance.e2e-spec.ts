import { registerThroughApi, settled } from './support/acceptance';
import { ConsoleEnv, ConsoleSession, organizerConsole, startConsoleEnv } from './support/console';
import { createCohostedEvent, CohostedEvent, sql } from './support/events';
import { createOrganizer, createPartner } from './support/factories';

/**
 * The attendance page of the organizer console over HTTP: marking by hand,
 * importing a Zoom report, sending the follow-up once after the event,
 * co-hosts seeing only consenting registrants, CSRF, and another partner's
 * organizer refused by the API's own access matrix.
 */
describe('console attendance page over HTTP', () => {
  let env: ConsoleEnv;

  const { session, get, post } = organizerConsole(() => env.api);
  const attendedOf = async (id: string) =>
    (await sql<{ attended: boolean }>(env.api, 'SELECT attended FROM registrations WHERE id = $1', [id]))[0].attended;

  beforeAll(async () => {
    env = await startConsoleEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  async function setup(): Promise<CohostedEvent & { hostSession: ConsoleSession; cohostSession: ConsoleSession }> {
    const cohosted = await createCohostedEvent(env.api, {});
    return {
      ...cohosted,
      hostSession: await session(cohosted.hostOrganizer),
      cohostSession: await session(cohosted.cohostOrganizer),
    };
  }

  it('lists confirmed registrants, marks attendance by hand and imports a Zoom report (co-hosts: consenting only)', async () => {
    const { event, hostSession: host, cohostSession: cohost } = await setup();
    const a = await registerThroughApi(env.api, event, { consent: { shareWithCohosts: true } });
    const b = await registerThroughApi(env.api, event, { consent: { shareWithCohosts: false } });
    await settled(env.api, event.id);
    const path = `/console/events/${event.id}/attendance`;

    const eventPage = await get(`/console/events/${event.id}`, host).expect(200);
    expect(eventPage.text).toContain(`href="${path}"`);

    const page = await get(path, host).set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain(a.email);
    expect(page.text).toContain(b.email);
    const cohostPage = await get(path, cohost).set('Accept-Language', 'ja').expect(200);
    expect(cohostPage.text).toContain(a.email);
    expect(cohostPage.text).not.toContain(b.email);
    expect(cohostPage.text).toContain('ほかに 1 名は表示されません');

    // One form for all rows: a checked, b unchecked.
    const marked = await post(`${path}/mark`, host, { _csrf: host.csrf, shown: [a.id, b.id], attended: [a.id] });
    expect(marked.status).toBe(303);
    expect(marked.headers.location).toBe(`${path}?done=marked`);
    expect([await attendedOf(a.id), await attendedOf(b.id)]).toEqual([true, false]);
    await post(`${path}/mark`, host, { _csrf: host.csrf, shown: [a.id] }).expect(303);
    expect(await attendedOf(a.id)).toBe(false);

    // A co-host cannot reach a registrant who did not consent (404 from the service), nor mark it.
    await post(`${path}/mark`, cohost, { _csrf: cohost.csrf, shown: [b.id], attended: [b.id] }).expect(404);
    expect(await attendedOf(b.id)).toBe(false);

    const report =
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\n' +
      `A,${a.email.toUpperCase()},1,2,3\r\nB,${b.email},1,2,3\r\nC,nobody@example.org,1,2,3\r\nD,not-an-address,1,2,3`;
    const imported = await post(`${path}/import`, host, { _csrf: host.csrf, report })
      .set('Accept-Language', 'en')
      .expect(200);
    expect(imported.text).toContain('Imported a Zoom report: 4 rows read, 2 registrants marked as attended.');
    expect(imported.text).toContain('nobody@example.org');
    expect(imported.text).toMatch(/line \d+: /);
    expect([await attendedOf(a.id), await attendedOf(b.id)]).toEqual([true, true]);

    const missing = await post(`${path}/import`, host, {
      _csrf: host.csrf,
      report: 'Name (Original Name),Join Time,Leave Time,Duration (Minutes)\r\nX,1,2,3',
    }).expect(400);
    expect(missing.text).toContain('&quot;User Email&quot;');
  });

  it('sends the follow-up once after the end (422 before, 409 the second time), validating the links', async () => {
    const { event, hostSession: host } = await setup();
    const a = await registerThroughApi(env.api, event);
    await registerThroughApi(env.api, event);
    await settled(env.api, event.id);
    const path = `/console/events/${event.id}/attendance`;
    await post(`${path}/mark`, host, { _csrf: host.csrf, shown: [a.id], attended: [a.id] }).expect(303);
    const form = {
      _csrf: host.csrf,
      attendeeEn: 'Thank you for joining.',
      attendeeJa: '',
      noShowEn: 'Sorry we missed you.',
      noShowJa: 'ご参加いただけず残念でした。',
      recordingUrl: 'https://video.example.org/rec/1',
      surveyUrl: 'https://forms.example.org/s/1',
      publishRecording: 'on',
    };

    const early = await post(`${path}/followup`, host, form).set('Accept-Language', 'en').expect(422);
    expect(early.text).toContain('once the event has ended');

    await sql(
      env.api,
      `UPDATE events SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour',
              registration_closes_at = NULL WHERE id = $1`,
      [event.id],
    );
    for (const bad of [{ recordingUrl: 'http://video.example.org/rec/1' }, { surveyUrl: 'javascript:alert(1)' }]) {
      const refused = await post(`${path}/followup`, host, { ...form, ...bad }).expect(400);
      expect(refused.text).toContain('data-testid="followup-invalid"');
    }
    await post(`${path}/followup`, host, { ...form, attendeeEn: '' }).expect(400);

    const sent = await post(`${path}/followup`, host, form);
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`${path}?done=followup`);
    const rows = await sql<{ n: number }>(
      env.api,
      `SELECT count(*)::int AS n FROM notifications WHERE event_id = $1 AND kind = 'event.followup'`,
      [event.id],
    );
    expect(rows[0].n).toBe(2);
    const [stored] = await sql<{ recording_url: string; recording_public: boolean }>(
      env.api,
      'SELECT recording_url, recording_public FROM events WHERE id = $1',
      [event.id],
    );
    expect(stored).toEqual({ recording_url: 'https://video.example.org/rec/1', recording_public: true });

    const again = await post(`${path}/followup`, host, form).expect(409);
    expect(again.text).toContain('already sent');
    const after = await get(path, host).expect(200);
    expect(after.text).toContain('data-testid="sent-at"');
  });

  it("refuses a form without CSRF (403) and another partner's organizer (403)", async () => {
    const { event, hostSession: host } = await setup();
    const a = await registerThroughApi(env.api, event);
    const path = `/console/events/${event.id}/attendance`;
    await post(`${path}/mark`, host, { shown: [a.id], attended: [a.id] }).expect(403);
    await post(`${path}/import`, host, { report: `User Email\r\n${a.email}` }).expect(403);
    await post(`${path}/followup`, host, { attendeeEn: 'x', noShowEn: 'y' }).expect(403);
    expect(await attendedOf(a.id)).toBe(false);

    const strangerOrganizer = await createOrganizer(env.api, await createPartner(env.api, { name: { en: 'Osaka' } }));
    const stranger = await session(strangerOrganizer);
    await get(path, stranger).expect(403);
    await post(`${path}/mark`, stranger, { _csrf: stranger.csrf, shown: [a.id], attended: [a.id] }).expect(403);
    await post(`${path}/import`, stranger, {
      _csrf: stranger.csrf,
      report: `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\nA,${a.email},1,2,3`,
    }).expect(403);
    expect(await attendedOf(a.id)).toBe(false);
  });
});
