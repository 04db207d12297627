import { DataSource } from 'typeorm';
import type { UpdateEventDto } from '../apps/api/src/events/dto/event-input.dto';
import { ApiHarness, startApi } from './support/api-harness';
import { createOrganizer, createPartner, insertCohost, insertEvent, TestPartner } from './support/factories';
import {
  cancelTokenFor,
  outboxKinds,
  register,
  seats,
  startRegistrationsApi,
  UNTHROTTLED,
} from './support/registrations';

describe('cancelling a registration', () => {
  let api: ApiHarness;
  let host: TestPartner;

  beforeAll(async () => {
    ({ api, host } = await startRegistrationsApi());
  });
  afterAll(() => api?.close());

  const cancel = (token: string) => api.http.post('/api/v1/registrations/cancel').send({ token });

  it('a token cancels once: 200, then 404; an unknown token gets the same 404 body', async () => {
    const event = await insertEvent(api, host.id);
    const { body } = await register(api, event).expect(201);
    // Each email mints its own token; any of them cancels, once.
    const token = await cancelTokenFor(api, body.id);
    const older = await cancelTokenFor(api, body.id);
    const ok = await cancel(token).expect(200);
    expect(ok.body).toEqual({ id: body.id, status: 'cancelled', promoted: 0 });
    expect(await outboxKinds(api, body.id)).toEqual(['registration.confirmed', 'registration.cancelled']);

    const used = await cancel(token).expect(404);
    const olderLink = await cancel(older).expect(404);
    const unknown = await cancel('x'.repeat(43)).expect(404);
    expect(used.body).toEqual(unknown.body);
    expect(olderLink.body).toEqual(unknown.body);
    expect(unknown.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'CANCEL_TOKEN_INVALID',
      message: expect.any(String),
    });
    expect(await seats(api, event)).toMatchObject({ confirmedCount: 0, confirmedRows: 0 });
  });

  it('two concurrent cancellations, three waitlisted: the two earliest promoted, nobody twice', async () => {
    const event = await insertEvent(api, host.id, { capacity: 2, waitlist: true });
    const a = (await register(api, event).expect(201)).body;
    const b = (await register(api, event).expect(201)).body;
    const waiting = [];
    for (let i = 0; i < 3; i++) waiting.push((await register(api, event).expect(201)).body);
    expect(waiting.map((w) => w.waitlistPosition)).toEqual([1, 2, 3]);

    const [ta, tb] = await Promise.all([cancelTokenFor(api, a.id), cancelTokenFor(api, b.id)]);
    const answers = await Promise.all([cancel(ta), cancel(tb)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(answers.map((r) => r.body.promoted)).toEqual([1, 1]);

    const rows = (await api.app
      .get(DataSource)
      .query(`SELECT id, status FROM registrations WHERE event_id = $1`, [event.id])) as Array<{
      id: string;
      status: string;
    }>;
    const status = Object.fromEntries(rows.map((r) => [r.id, r.status]));
    expect([status[waiting[0].id], status[waiting[1].id], status[waiting[2].id]]).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
    ]);
    expect(await seats(api, event)).toEqual({
      confirmedCount: 2,
      waitlistedCount: 1,
      confirmedRows: 2,
      waitlistedRows: 1,
    });
    for (const promoted of waiting.slice(0, 2)) {
      expect(await outboxKinds(api, promoted.id)).toEqual(['registration.waitlisted', 'registration.promoted']);
    }
    const late = await api.http
      .get(`/api/v1/events/${event.id}/registrations?status=waitlisted`)
      .set((await createOrganizer(api, host)).headers)
      .expect(200);
    expect(late.body.items.map((i: { id: string; waitlistPosition: number }) => [i.id, i.waitlistPosition])).toEqual([
      [waiting[2].id, 1],
    ]);
  });

  it('writes the cancelled and promoted outbox rows in the format of every registration.* row', async () => {
    const event = await insertEvent(api, host.id, { capacity: 1, waitlist: true });
    const seated = (await register(api, event).expect(201)).body;
    const waiting = (await register(api, event).expect(201)).body;
    await cancel(await cancelTokenFor(api, seated.id)).expect(200);
    const rows = (await api.app.get(DataSource).query(
      `SELECT n.kind, n.dedupe_key, n.event_id, n.event_sequence, n.recipient = r.email AS to_registrant, n.data
         FROM notifications n JOIN registrations r ON r.id = n.registration_id
        WHERE n.registration_id = ANY($1::uuid[]) AND n.kind IN ('registration.cancelled', 'registration.promoted')
        ORDER BY n.id`,
      [[seated.id, waiting.id]],
    )) as object[];
    const row = (kind: string, id: string, data: object) => ({
      kind,
      dedupe_key: `${kind}:${id}:0`,
      event_id: event.id,
      event_sequence: 0,
      to_registrant: true,
      data,
    });
    expect(rows).toEqual([
      row('registration.cancelled', seated.id, { previousStatus: 'confirmed', cancelledBy: 'registrant' }),
      row('registration.promoted', waiting.id, {}),
    ]);
  });

  it('cancelling a waitlisted registration promotes nobody and frees its place in the queue', async () => {
    const event = await insertEvent(api, host.id, { capacity: 1, waitlist: true });
    await register(api, event).expect(201);
    const w1 = (await register(api, event).expect(201)).body;
    const w2 = (await register(api, event).expect(201)).body;
    expect((await cancel(await cancelTokenFor(api, w1.id)).expect(200)).body.promoted).toBe(0);
    expect(await outboxKinds(api, w1.id)).toEqual(['registration.waitlisted', 'registration.left_waitlist']);
    expect(await seats(api, event)).toEqual({
      confirmedCount: 1,
      waitlistedCount: 1,
      confirmedRows: 1,
      waitlistedRows: 1,
    });
    const w3 = (await register(api, event).expect(201)).body;
    expect(w3.waitlistPosition).toBe(2);
    expect(w2.id).not.toBe(w3.id);
  });

  it('organizers cancel: the host anyone, a co-host only consenting registrants, others 403', async () => {
    const cohost = await createPartner(api);
    const stranger = await createPartner(api);
    const event = await insertEvent(api, host.id, { capacity: 1, waitlist: true });
    await insertCohost(api, event.id, cohost.id, 'accepted');
    const [hostOrg, cohostOrg, strangerOrg] = await Promise.all([
      createOrganizer(api, host),
      createOrganizer(api, cohost),
      createOrganizer(api, stranger),
    ]);
    const secret = (await register(api, event, { consent: { shareWithCohosts: false } }).expect(201)).body;
    const waiting = (await register(api, event).expect(201)).body;
    const url = (id: string) => `/api/v1/events/${event.id}/registrations/${id}/cancel`;

    expect((await api.http.post(url(secret.id)).set(strangerOrg.headers).expect(403)).body.code).toBe(
      'EVENT_FORBIDDEN',
    );
    expect((await api.http.post(url(secret.id)).set(cohostOrg.headers).expect(404)).body.code).toBe(
      'REGISTRATION_NOT_FOUND',
    );
    await api.http.post(url(secret.id)).expect(401);
    const ok = await api.http.post(url(secret.id)).set(hostOrg.headers).expect(200);
    expect(ok.body).toEqual({ id: secret.id, status: 'cancelled', promoted: 1 });
    expect(await outboxKinds(api, waiting.id)).toEqual(['registration.waitlisted', 'registration.promoted']);
    expect((await api.http.post(url(secret.id)).set(hostOrg.headers).expect(409)).body.code).toBe(
      'REGISTRATION_ALREADY_CANCELLED',
    );
    await api.http.post(url(waiting.id)).set(cohostOrg.headers).expect(200);
    expect(await seats(api, event)).toEqual({
      confirmedCount: 0,
      waitlistedCount: 0,
      confirmedRows: 0,
      waitlistedRows: 0,
    });
  });
});

describe('raising capacity through the events API', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
  });
  afterAll(() => api?.close());

  it('promotes as many waitlisted registrants as the new seats allow, earliest first', async () => {
    const host = await createPartner(api);
    const organizer = await createOrganizer(api, host);
    const event = await insertEvent(api, host.id, { capacity: 1, waitlist: true });
    await register(api, event).expect(201);
    const waiting = [];
    for (let i = 0; i < 3; i++) waiting.push((await register(api, event).expect(201)).body);

    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(organizer.headers)
      .send({ capacity: 3 } satisfies UpdateEventDto)
      .expect(200);
    expect(await seats(api, event)).toEqual({
      confirmedCount: 3,
      waitlistedCount: 1,
      confirmedRows: 3,
      waitlistedRows: 1,
    });
    expect(await outboxKinds(api, waiting[0].id)).toEqual(['registration.waitlisted', 'registration.promoted']);
    expect(await outboxKinds(api, waiting[1].id)).toEqual(['registration.waitlisted', 'registration.promoted']);
    expect(await outboxKinds(api, waiting[2].id)).toEqual(['registration.waitlisted']);
  });
});
