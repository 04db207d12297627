import type { InviteDto } from '../apps/api/src/invitations/dto/invite.dto';
import { registerThroughApi } from './support/acceptance';
import { ApiHarness, startApi } from './support/api-harness';
import { createCohostedEvent, sql } from './support/events';
import { defineQuestions } from './support/questions';
import { UNTHROTTLED } from './support/registrations';

/** Erasure by a hub admin: the person is gone everywhere, the counts stay, pending emails are skipped. */
describe('erasure (POST /api/v1/erasures)', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
  });
  afterAll(() => api?.close());

  it('replaces registrations and invitations of the address, skips its pending emails, keeps counts', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api);
    const other = await createCohostedEvent(api);
    const [question] = await defineQuestions(api, hostOrganizer, event, {
      questions: [{ kind: 'short_text', label: { en: 'Your role' } }],
    });
    const person = await registerThroughApi(api, event, {
      email: 'Erase.Me@Example.org',
      name: 'Erase Me',
      answers: { [question.id]: 'Head of secret research' },
    });
    expect(await sql(api, `SELECT 1 FROM registration_answers WHERE registration_id = $1`, [person.id])).toHaveLength(
      1,
    );
    await registerThroughApi(api, event, { email: 'keep@example.org' });
    await api.http
      .post(`/api/v1/events/${other.event.id}/invitations`)
      .set(other.hostOrganizer.headers)
      .send({ emails: ['erase.me@example.org'] } satisfies InviteDto)
      .expect(202);
    // The host's webhook endpoint was sent the person's registration with their details.
    const [{ host_partner_id: hostId }] = await sql<{ host_partner_id: string }>(
      api,
      `SELECT host_partner_id FROM events WHERE id = $1`,
      [event.id],
    );
    const [{ id: endpointId }] = await sql<{ id: string }>(
      api,
      `INSERT INTO webhook_endpoints (partner_id, url, event_types, secret_enc)
       VALUES ($1, 'https://crm.example/hook', ARRAY['registration.created', 'registrant.erased'], 'x') RETURNING id`,
      [hostId],
    );
    await sql(
      api,
      `INSERT INTO webhook_messages (endpoint_id, msg_id, type, payload, status)
       VALUES ($1, 'msg_1', 'registration.created', $2, 'delivered')`,
      [
        endpointId,
        JSON.stringify({
          type: 'registration.created',
          data: { registration: { id: person.id, registrant: { name: 'Erase Me', email: 'erase.me@example.org' } } },
        }),
      ],
    );
    const seatsBefore = (await api.http.get(`/api/v1/events/${event.id}`).expect(200)).body.seats;

    await api.http
      .post('/api/v1/erasures')
      .set(hostOrganizer.headers)
      .send({ email: 'erase.me@example.org' })
      .expect(403);
    await api.http.post('/api/v1/erasures').send({ email: 'erase.me@example.org' }).expect(401);
    for (const bad of [{}, { email: null }, { email: ['a@b.c'] }, { email: 'not an address' }, { email: { x: 1 } }]) {
      await api.http.post('/api/v1/erasures').set(api.admin).send(bad).expect(400);
    }

    const res = await api.http
      .post('/api/v1/erasures')
      .set(api.admin)
      .send({ email: 'ERASE.ME@example.org' })
      .expect(200);
    expect(res.body).toEqual({ registrations: 1, invitations: 1, notificationsSkipped: 2, webhooksNotified: 1 });
    const messages = await sql<{ type: string; payload: { data: Record<string, unknown> } }>(
      api,
      `SELECT type, payload FROM webhook_messages WHERE endpoint_id = $1 ORDER BY id`,
      [endpointId],
    );
    expect(messages.map((m) => m.type)).toEqual(['registration.created', 'registrant.erased']);
    expect(messages[1].payload.data).toEqual({ registrationId: person.id, eventId: event.id });
    expect(JSON.stringify(messages)).not.toMatch(/erase\.me|Erase Me/i);

    const [registration] = await sql(api, `SELECT email, name, organization, status FROM registrations WHERE id = $1`, [
      person.id,
    ]);
    expect(registration).toEqual({
      email: `erased-${person.id}@invalid`,
      name: 'erased',
      organization: '',
      status: 'confirmed',
    });
    for (const [table, column] of [
      ['registrations', 'email'],
      ['invitations', 'email'],
      ['notifications', 'recipient'],
    ]) {
      expect(await sql(api, `SELECT 1 FROM ${table} WHERE lower(${column}) = 'erase.me@example.org'`)).toHaveLength(0);
    }
    // The confirmation and the invitation not yet sent will not be.
    const rows = await sql(
      api,
      `SELECT kind, status, last_error FROM notifications WHERE recipient = 'erased@invalid' ORDER BY kind`,
    );
    expect(rows).toEqual([
      { kind: 'invitation', status: 'skipped', last_error: 'the recipient was erased' },
      { kind: 'registration.confirmed', status: 'skipped', last_error: 'the recipient was erased' },
    ]);
    expect((await api.http.get(`/api/v1/events/${event.id}`).expect(200)).body.seats).toEqual(seatsBefore);
    expect(await sql(api, `SELECT 1 FROM registration_answers WHERE registration_id = $1`, [person.id])).toHaveLength(
      0,
    );
    // Others are untouched.
    expect(await sql(api, `SELECT 1 FROM registrations WHERE email = 'keep@example.org'`)).toHaveLength(1);
  });
});
