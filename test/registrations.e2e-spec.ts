import { DataSource as DataSourceToken } from 'typeorm';
import { ApiHarness } from './support/api-harness';
import { createOrganizer, insertEvent, TestPartner } from './support/factories';
import { outboxKinds, register, registrationBody, seats, startRegistrationsApi } from './support/registrations';

const HOUR = 3_600_000;

describe('registering for an event', () => {
  let api: ApiHarness;
  let host: TestPartner;

  beforeAll(async () => {
    ({ api, host } = await startRegistrationsApi());
  });
  afterAll(() => api?.close());

  it('answers 201 {id, status} and writes the confirmation to the outbox', async () => {
    const event = await insertEvent(api, host.id, { timezone: 'Europe/Copenhagen' });
    const res = await api.http
      .post(`/api/v1/events/${event.slug}/registrations`)
      .set('Accept-Language', 'ja-JP,ja;q=0.9,en;q=0.5')
      .send(registrationBody({ locale: undefined }))
      .expect(201);
    expect(Object.keys(res.body).sort()).toEqual(['id', 'status']);
    expect(res.body.status).toBe('confirmed');
    expect(await outboxKinds(api, res.body.id)).toEqual(['registration.confirmed']);
    const [row] = await api.app
      .get(DataSourceToken)
      .query(`SELECT locale, timezone FROM registrations WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ locale: 'ja', timezone: 'Europe/Copenhagen' });
    expect(await seats(api, event)).toMatchObject({ confirmedCount: 1, confirmedRows: 1 });
  });

  it.each([
    ['a quoted address', { email: '"a b"@example.org' }],
    ['an address with a space', { email: 'a b@example.org' }],
    ['an address with CR/LF', { email: 'a@example.org\r\nBcc: x@evil.test' }],
    ['a name with a line break', { name: 'Eve\r\nBcc: x@evil.test' }],
    ['an unknown locale', { locale: 'fr' as 'en' }],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }],
  ])('refuses %s with 400', async (_label, overrides) => {
    const event = await insertEvent(api, host.id);
    const res = await register(api, event, overrides).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('accepts names in any script', async () => {
    const event = await insertEvent(api, host.id);
    await register(api, event, { name: 'Søren Kierkegaard 山田 Ωμέγα', organization: 'Københavns Universitet' }).expect(
      201,
    );
  });

  it('capacity 10, 200 concurrent registrations: 10 confirmed, 190 waitlisted with positions 1..190', async () => {
    const event = await insertEvent(api, host.id, { capacity: 10, waitlist: true });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => register(api, event, { email: `burst-${i}@example.jp` })),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 201)).toEqual([]);
    const confirmed = answers.filter((a) => a.body.status === 'confirmed');
    const waitlisted = answers.filter((a) => a.body.status === 'waitlisted');
    expect(confirmed).toHaveLength(10);
    expect(confirmed.every((a) => a.body.waitlistPosition === undefined)).toBe(true);
    expect(waitlisted.map((a) => a.body.waitlistPosition).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 190 }, (_, i) => i + 1),
    );
    expect(await seats(api, event)).toEqual({
      confirmedCount: 10,
      waitlistedCount: 190,
      confirmedRows: 10,
      waitlistedRows: 190,
    });
    // The answered positions are the FIFO order of the waitlist.
    const order = (await api.app
      .get(DataSourceToken)
      .query(`SELECT id FROM registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlisted_at, id`, [
        event.id,
      ])) as Array<{ id: string }>;
    const byPosition = [...waitlisted].sort((a, b) => a.body.waitlistPosition - b.body.waitlistPosition);
    expect(byPosition.map((a) => a.body.id)).toEqual(order.map((r) => r.id));
    expect(await outboxKinds(api, waitlisted[0].body.id)).toEqual(['registration.waitlisted']);
    const [note] = await api.app
      .get(DataSourceToken)
      .query(`SELECT data, dedupe_key FROM notifications WHERE registration_id = $1`, [byPosition[4].body.id]);
    expect(note).toEqual({
      data: { waitlistPosition: 5 },
      dedupe_key: `registration.waitlisted:${byPosition[4].body.id}:0`,
    });
  }, 20_000);

  it('20 concurrent registrations of one address in different cases: one 201, nineteen 409', async () => {
    const event = await insertEvent(api, host.id, { capacity: 100 });
    const cased = (i: number) =>
      'same.person@example.jp'
        .split('')
        .map((c, j) => ((i >> (j % 5)) & 1 ? c.toUpperCase() : c))
        .join('');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => register(api, event, { email: cased(i) })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => a.status)).toEqual(Array(19).fill(409));
    expect(refused.every((a) => a.body.code === 'REGISTRATION_EXISTS')).toBe(true);
    expect(await seats(api, event)).toMatchObject({ confirmedCount: 1, confirmedRows: 1 });
  });

  it('Alice@X.com then alice@x.com: 409; after a cancellation the address may register again', async () => {
    const event = await insertEvent(api, host.id);
    const first = await register(api, event, { email: 'Alice@X.com' }).expect(201);
    const again = await register(api, event, { email: 'alice@x.com' }).expect(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'REGISTRATION_EXISTS' });
    await api.app
      .get(DataSourceToken)
      .query(`UPDATE registrations SET status = 'cancelled', cancelled_at = now() WHERE id = $1`, [first.body.id]);
    await register(api, event, { email: 'alice@x.com' }).expect(201);
  });

  it('full without a waitlist: 422 EVENT_FULL, nothing written', async () => {
    const event = await insertEvent(api, host.id, { capacity: 1, waitlist: false });
    await register(api, event).expect(201);
    const res = await register(api, event).expect(422);
    expect(res.body.code).toBe('EVENT_FULL');
    expect(await seats(api, event)).toEqual({
      confirmedCount: 1,
      waitlistedCount: 0,
      confirmedRows: 1,
      waitlistedRows: 0,
    });
  });

  it('refuses drafts (404 to the public, 409 to its organizers), cancelled events (409), closed windows (422)', async () => {
    const draft = await insertEvent(api, host.id, { status: 'draft', publishedAt: null });
    expect((await register(api, draft).expect(404)).body.code).toBe('EVENT_NOT_FOUND');
    const organizer = await createOrganizer(api, host);
    const asOrganizer = await api.http
      .post(`/api/v1/events/${draft.id}/registrations`)
      .set(organizer.headers)
      .send(registrationBody())
      .expect(409);
    expect(asOrganizer.body.code).toBe('EVENT_NOT_PUBLISHED');

    const cancelled = await insertEvent(api, host.id, { status: 'cancelled', cancelledAt: new Date() });
    expect((await register(api, cancelled).expect(409)).body.code).toBe('EVENT_CANCELLED');

    const started = await insertEvent(api, host.id, {
      startsAt: new Date(Date.now() - HOUR),
      endsAt: new Date(Date.now() + HOUR),
    });
    const late = await register(api, started).expect(422);
    expect(late.body).toMatchObject({
      code: 'EVENT_ALREADY_STARTED',
      message: expect.stringMatching(/already started/),
    });

    const notYet = await insertEvent(api, host.id, { registrationOpensAt: new Date(Date.now() + HOUR) });
    expect((await register(api, notYet).expect(422)).body.code).toBe('REGISTRATION_NOT_OPEN');
    const closed = await insertEvent(api, host.id, { registrationClosesAt: new Date(Date.now() - 1000) });
    expect((await register(api, closed).expect(422)).body.code).toBe('REGISTRATION_CLOSED');
  });

  it('records the partner that brought the registrant; an unknown slug is ignored', async () => {
    const event = await insertEvent(api, host.id);
    const known = await register(api, event, { via: host.slug }).expect(201);
    const unknown = await register(api, event, { via: 'no-such-partner' }).expect(201);
    const rows = (await api.app
      .get(DataSourceToken)
      .query(`SELECT id, via_partner_id FROM registrations WHERE id = ANY($1::uuid[])`, [
        [known.body.id, unknown.body.id],
      ])) as Array<{ id: string; via_partner_id: string | null }>;
    const via = Object.fromEntries(rows.map((r) => [r.id, r.via_partner_id]));
    expect(via[known.body.id]).toBe(host.id);
    expect(via[unknown.body.id]).toBeNull();
  });
});
