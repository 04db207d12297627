import { unique } from '@cohost/testing';
import { registerThroughApi } from './support/acceptance';
import { ConsoleEnv, ConsoleSession, organizerConsole, startConsoleEnv } from './support/console';
import { createCohostedEvent, CohostedEvent, sql } from './support/events';
import { createOrganizer, createPartner } from './support/factories';
import { eventually } from './support/mail-server';
import { UNTHROTTLED } from './support/registrations';

type Row = { id: string; recipient: string; status: string; attempts: number; last_error: string | null };

/**
 * The delivery page of the organizer console over HTTP, against the real
 * worker and a test SMTP server that answers 550 to chosen addresses: a
 * failed message shows with its error; "retry" sends it once when the
 * server accepts again (counted at the SMTP server), also when clicked
 * twice at once; "retry all failed"; a co-host's privacy cut for reading
 * and retrying; filters and paging; bad input 400; CSRF and strangers 403.
 */
describe('console delivery page over HTTP', () => {
  let env: ConsoleEnv;
  const { session, get, post } = organizerConsole(() => env.api);

  beforeAll(async () => {
    env = await startConsoleEnv(UNTHROTTLED);
  });
  afterAll(async () => {
    await env?.close();
  });
  afterEach(() => env.smtp.behave({ reject: [] }));

  const rowsOf = (eventId: string) =>
    sql<Row>(
      env.api,
      `SELECT id::text, recipient, status, attempts, last_error FROM notifications WHERE event_id = $1 ORDER BY id`,
      [eventId],
    );

  /** Waits until no message of the event is pending (sent or failed). */
  const quiet = (eventId: string) =>
    eventually(async () => (await rowsOf(eventId)).every((r) => r.status !== 'pending'), 15_000);

  async function setup(): Promise<CohostedEvent & { asHost: ConsoleSession; asCohost: ConsoleSession; path: string }> {
    const cohosted = await createCohostedEvent(env.api, {});
    return {
      ...cohosted,
      asHost: await session(cohosted.hostOrganizer),
      asCohost: await session(cohosted.cohostOrganizer),
      path: `/console/events/${cohosted.event.id}/deliveries`,
    };
  }

  /** Registrants whose confirmation the SMTP server refuses with 550, and one it accepts. */
  async function withRefused(
    eventId: string,
    consents: boolean[],
  ): Promise<{ refused: Array<{ id: string; email: string }>; fine: { email: string } }> {
    const emails = consents.map(() => `${unique('refused')}@member.example`);
    env.smtp.behave({ reject: emails });
    const refused = [];
    for (const [i, email] of emails.entries()) {
      refused.push(
        await registerThroughApi(env.api, { id: eventId }, { email, consent: { shareWithCohosts: consents[i] } }),
      );
    }
    const fine = await registerThroughApi(env.api, { id: eventId }, { consent: { shareWithCohosts: true } });
    await quiet(eventId);
    return { refused, fine };
  }

  const retriedOf = (location: string | undefined) => new URL(location ?? '', 'http://x').searchParams.get('retried');

  it('shows a failed message with its error; "retry" sends it once when the server accepts again, even clicked twice', async () => {
    const { event, asHost: host, path } = await setup();
    const {
      refused: [refused],
      fine,
    } = await withRefused(event.id, [true]);
    const failed = (await rowsOf(event.id)).find((r) => r.recipient === refused.email)!;
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.last_error).toMatch(/550/);

    const eventPage = await get(`/console/events/${event.id}`, host).expect(200);
    expect(eventPage.text).toContain(`href="${path}"`);

    const page = await get(`${path}?lang=en`, host).expect(200);
    expect(page.text).toMatch(
      new RegExp(`data-id="${failed.id}" data-status="failed">[\\s\\S]*?${refused.email}[\\s\\S]*?Failed[\\s\\S]*?550`),
    );
    expect(page.text).toContain(fine.email);
    expect(page.text).toContain('data-testid="retry-all"');
    // Only the failed message has its own retry button.
    expect(page.text.match(/data-testid="retry"/g)).toHaveLength(1);

    // The server takes mail again; two clicks at once queue the message once.
    env.smtp.behave({ reject: [] });
    const clicks = await Promise.all(
      [1, 2].map(() => post(`${path}/retry`, host, { _csrf: host.csrf, id: failed.id, status: 'failed' })),
    );
    expect(clicks.map((c) => c.status)).toEqual([303, 303]);
    expect(clicks.map((c) => retriedOf(c.headers.location)).sort()).toEqual(['0', '1']);
    const back = clicks.find((c) => retriedOf(c.headers.location) === '1')!.headers.location;
    expect(back).toBe(`${path}?status=failed&retried=1`);
    const flash = await get(`${back}&lang=en`, host).expect(200);
    expect(flash.text).toContain('1 failed message was queued again.');

    await eventually(async () => (await rowsOf(event.id)).every((r) => r.status === 'sent'), 15_000);
    // A later click finds nothing to retry.
    const again = await post(`${path}/retry`, host, { _csrf: host.csrf, id: failed.id });
    expect(retriedOf(again.headers.location)).toBe('0');
    expect((await get(`${again.headers.location}&lang=ja`, host).expect(200)).text).toContain(
      '再送する失敗メッセージはありませんでした',
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await env.smtp.parsedFor(refused.email)).toHaveLength(1);
    expect(await env.smtp.parsedFor(fine.email)).toHaveLength(1);
    const sent = await get(`${path}?lang=en`, host).expect(200);
    expect(sent.text).toMatch(new RegExp(`data-id="${failed.id}" data-status="sent"`));
  });

  it('"retry all failed" queues every failed message once; a co-host sees and retries only consenting registrants', async () => {
    const { event, asHost: host, asCohost: cohost, path } = await setup();
    const {
      refused: [shared, withheld],
      fine,
    } = await withRefused(event.id, [true, false]);

    const cohostPage = await get(`${path}?lang=en`, cohost).expect(200);
    expect(cohostPage.text).toContain(shared.email);
    expect(cohostPage.text).toContain(fine.email);
    expect(cohostPage.text).not.toContain(withheld.email);
    expect(cohostPage.text).toContain('data-testid="consented"');
    expect((await get(path, host).expect(200)).text).toContain(withheld.email);

    env.smtp.behave({ reject: [] });
    // The co-host's "retry all" reaches the message it sees; naming the other one does nothing.
    const hidden = (await rowsOf(event.id)).find((r) => r.recipient === withheld.email)!;
    const named = await post(`${path}/retry`, cohost, { _csrf: cohost.csrf, id: hidden.id });
    expect(retriedOf(named.headers.location)).toBe('0');
    const cohostAll = await post(`${path}/retry`, cohost, { _csrf: cohost.csrf });
    expect(cohostAll.status).toBe(303);
    expect(retriedOf(cohostAll.headers.location)).toBe('1');
    await eventually(async () => (await env.smtp.parsedFor(shared.email)).length === 1, 15_000);
    expect((await rowsOf(event.id)).find((r) => r.recipient === withheld.email)!.status).toBe('failed');

    const hostAll = await post(`${path}/retry`, host, { _csrf: host.csrf, kind: 'registration.confirmed' });
    expect(hostAll.headers.location).toBe(`${path}?kind=registration.confirmed&retried=1`);
    expect((await get(`${hostAll.headers.location}&lang=en`, host).expect(200)).text).toContain(
      '1 failed message was queued again.',
    );
    await eventually(async () => (await rowsOf(event.id)).every((r) => r.status === 'sent'), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    for (const email of [shared.email, withheld.email, fine.email]) {
      expect([email, (await env.smtp.parsedFor(email)).length]).toEqual([email, 1]);
    }
  });

  it('filters by kind and status, pages 50 at a time, and answers bad filters with 400', async () => {
    const { event, asHost: host, path } = await setup();
    const { refused } = await withRefused(event.id, [true]);
    // 60 more rows of another kind, already settled (skipped), so there are pages to turn.
    const [registration] = await sql<{ id: string }>(env.api, 'SELECT id FROM registrations WHERE email = $1', [
      refused[0].email,
    ]);
    await sql(
      env.api,
      `INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data,
                                  status, relayed_at, last_error)
       SELECT 'event.reminder', $1::uuid, $2::uuid, 0, 'test-reminder:' || $2::text || ':' || g, $3, '{}'::jsonb,
              'skipped', now(), 'test row'
         FROM generate_series(1, 60) g`,
      [event.id, registration.id, refused[0].email],
    );
    const count = (text: string) => (text.match(/data-testid="delivery"/g) ?? []).length;

    const first = await get(`${path}?lang=en`, host).expect(200);
    expect(first.text).toContain('62 messages');
    expect(count(first.text)).toBe(50);
    expect(first.text).toContain('Page 1 of 2');
    const second = await get(`${path}?page=2&lang=en`, host).expect(200);
    expect(count(second.text)).toBe(12);
    expect(second.text).toContain('rel="prev"');

    const failed = await get(`${path}?status=failed&kind=&lang=en`, host).expect(200);
    expect(count(failed.text)).toBe(1);
    expect(failed.text).toContain(refused[0].email);
    expect(failed.text).toContain('<option value="failed" selected>');
    const confirmed = await get(`${path}?kind=registration.confirmed`, host).expect(200);
    expect(count(confirmed.text)).toBe(2);
    const reminders = await get(`${path}?kind=event.reminder&status=skipped&page=2`, host).expect(200);
    expect(count(reminders.text)).toBe(10);
    expect(reminders.text).toContain(`href="${path}?kind=event.reminder&amp;status=skipped&amp;page=1"`);
    const none = await get(`${path}?kind=event.cancelled&lang=en`, host).expect(200);
    expect(none.text).toContain('No message matches.');
    // "Retry all" names every failed message of the webinar, whatever the filter.
    expect(none.text).toContain('Retry all failed messages (1)');
    expect((await get(`${path}?status=sent&lang=en`, host).expect(200)).text).toContain('data-testid="retry-all"');
    // Past the last page: nothing listed, "previous" leads to the last page.
    const past = await get(`${path}?page=9&lang=en`, host).expect(200);
    expect(past.text).toContain('No message matches.');
    expect(past.text).toContain(`href="${path}?page=2" rel="prev"`);

    for (const query of [
      'status=bogus',
      'kind=nope',
      'page=0',
      'page=-1',
      'page=abc',
      'page=1.5',
      'page=1000000000000000000000',
      'status=failed&status=sent',
    ]) {
      const res = await get(`${path}?${query}&lang=en`, host);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.text).toContain('data-testid="invalid"');
    }
    // The JSON API refuses the same (the page reads through it).
    await env.api.http
      .get(`/api/v1/events/${event.id}/notifications?page=1000000000000000000000`)
      .set(env.api.admin)
      .expect(400);

    for (const id of ['abc', '0', '-1', '1.5', '12345678901234567890']) {
      const res = await post(`${path}/retry`, host, { _csrf: host.csrf, id });
      expect([id, res.status]).toEqual([id, 400]);
    }
    expect(
      (await rowsOf(event.id)).find((r) => r.recipient === refused[0].email && r.status === 'failed'),
    ).toBeDefined();
  });

  it("refuses a retry without CSRF and another partner's organizer (403); organizers retry through the JSON API too", async () => {
    const { event, asHost: host, hostOrganizer, cohostOrganizer, path } = await setup();
    const {
      refused: [refused],
    } = await withRefused(event.id, [false]);
    env.smtp.behave({ reject: [] });
    await post(`${path}/retry`, host, {}).expect(403);

    const stranger = await createOrganizer(env.api, await createPartner(env.api, { name: { en: 'Osaka' } }));
    const strangerSession = await session(stranger);
    await get(path, strangerSession).expect(403);
    await post(`${path}/retry`, strangerSession, { _csrf: strangerSession.csrf }).expect(403);
    const url = `/api/v1/events/${event.id}/notifications/retry`;
    await env.api.http.post(url).set(stranger.headers).send({}).expect(403);
    expect((await rowsOf(event.id)).find((r) => r.recipient === refused.email)!.status).toBe('failed');

    // The co-host may not see this registrant (no consent): its retry counts nothing; the host's does.
    expect((await env.api.http.post(url).set(cohostOrganizer.headers).send({}).expect(202)).body).toEqual({
      retried: 0,
      ids: [],
    });
    const res = await env.api.http.post(url).set(hostOrganizer.headers).send({}).expect(202);
    expect(res.body.retried).toBe(1);
    await eventually(async () => (await env.smtp.parsedFor(refused.email)).length === 1, 15_000);

    // OpenAPI documents who may retry, the 403 and the page bound of the list.
    const doc = (await env.api.http.get('/docs-json').expect(200)).body;
    const retry = doc.paths['/api/v1/events/{id}/notifications/retry'].post;
    expect(retry.summary).toContain('host, accepted co-host, admin');
    expect(retry.description).toContain('co-host retries only the messages it may list');
    expect(Object.keys(retry.responses)).toEqual(expect.arrayContaining(['202', '400', '403', '404']));
    const list = doc.paths['/api/v1/events/{id}/notifications'].get;
    expect(list.parameters.find((p: { name: string }) => p.name === 'page').schema.maximum).toBe(1_000_000);
  });
});
