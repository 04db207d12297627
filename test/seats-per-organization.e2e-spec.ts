import type { EventEntity } from '@cohost/database';
import { RegistrationWritesRepository } from '../apps/api/src/registrations/registration-writes.repository';
import { ApiHarness, dataSourceOf } from './support/api-harness';
import { createOrganizer, insertEvent, TestOrganizer, TestPartner } from './support/factories';
import { registerInOneBatch } from './support/registration-batches';
import { register, startRegistrationsApi } from './support/registrations';

describe('seatsPerOrganization on members webinars', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let hostOrg: TestOrganizer;
  const orgs: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

  beforeAll(async () => {
    ({ api, host } = await startRegistrationsApi());
    hostOrg = await createOrganizer(api, host);
    // `example.jp` is organization A: the default test address (the batch helper's pilot) belongs to it.
    for (const [key, domain] of [
      ['a', 'example.jp'],
      ['b', 'bio-b.example'],
      ['c', 'c.example'],
    ] as const) {
      const res = await api.http
        .post('/api/v1/member-organizations')
        .set(api.admin)
        .send({ name: { en: `Org ${key.toUpperCase()}` }, domains: [domain] })
        .expect(201);
      orgs[key] = res.body.id;
    }
  });
  afterAll(() => api?.close());

  async function membersEvent(overrides: { capacity?: number; waitlist?: boolean; seatsPerOrganization: number }) {
    const event = await insertEvent(api, host.id, {
      capacity: overrides.capacity ?? null,
      waitlist: overrides.waitlist ?? false,
    });
    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(hostOrg.headers)
      .send({ audience: 'members', seatsPerOrganization: overrides.seatsPerOrganization })
      .expect(200);
    return event;
  }

  /** Confirmed rows of organization `org` next to its counter row. */
  async function held(event: EventEntity, org: string): Promise<{ rows: number; counter: number | null }> {
    const [row] = (await dataSourceOf(api).query(
      `SELECT (SELECT count(*)::int FROM registrations
                WHERE event_id = $1 AND member_organization_id = $2 AND status = 'confirmed') AS rows,
              (SELECT confirmed_count FROM event_organization_seats WHERE event_id = $1 AND organization_id = $2) AS counter`,
      [event.id, org],
    )) as Array<{ rows: number; counter: number | null }>;
    return row;
  }

  it('50 registrations of one organization written as one batch: 5 seats, the rest waitlisted', async () => {
    const event = await membersEvent({ waitlist: true, seatsPerOrganization: 5 });
    const bodies = Array.from({ length: 50 }, (_, i) => ({ email: `p${i}@lab.bio-b.example` }));
    // Written one by one (registerOne), a batch would hold the cap too: the spy shows it was decided as one batch.
    const one = jest.spyOn(api.app.get(RegistrationWritesRepository), 'registerOne');
    const { pilot, answers } = await registerInOneBatch(api, event, bodies);
    expect(one).toHaveBeenCalledTimes(1); // the pilot only
    one.mockRestore();
    expect(pilot.body.status).toBe('confirmed');
    const statuses = answers.map((r) => r.body.status);
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill('confirmed'));
    expect(statuses.slice(5)).toEqual(Array(45).fill('waitlisted'));
    expect(await held(event, orgs.b)).toEqual({ rows: 5, counter: 5 });

    // Raising the cap promotes the organization's earliest waitlisted; lowering it evicts nobody.
    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(hostOrg.headers)
      .send({ seatsPerOrganization: 7 })
      .expect(200);
    expect(await held(event, orgs.b)).toEqual({ rows: 7, counter: 7 });
    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(hostOrg.headers)
      .send({ seatsPerOrganization: 3 })
      .expect(200);
    expect(await held(event, orgs.b)).toEqual({ rows: 7, counter: 7 });
    expect((await register(api, event, { email: 'late@bio-b.example' }).expect(201)).body.status).toBe('waitlisted');
  });

  it('50 concurrent registrations of one organization without a waitlist: exactly the cap, 0 above it', async () => {
    const event = await membersEvent({ waitlist: false, seatsPerOrganization: 5 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => register(api, event, { email: `q${i}@bio-b.example` }).then((r) => r)),
    );
    const created = answers.filter((r) => r.status === 201);
    expect(created).toHaveLength(5);
    expect(created.every((r) => r.body.status === 'confirmed')).toBe(true);
    const refused = answers.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(45).fill([422, 'ORGANIZATION_FULL']));
    expect(await held(event, orgs.b)).toEqual({ rows: 5, counter: 5 });
    // Another organization still gets in.
    await register(api, event, { email: 'someone@c.example' }).expect(201);
  });

  it('promotion takes the earliest waitlisted whose organization has room', async () => {
    const event = await membersEvent({ capacity: 2, waitlist: true, seatsPerOrganization: 1 });
    const ids: Record<string, string> = {};
    for (const [name, email, status] of [
      ['a1', 'a1@example.jp', 'confirmed'],
      ['a2', 'a2@example.jp', 'waitlisted'],
      ['b1', 'b1@bio-b.example', 'confirmed'],
      ['b2', 'b2@bio-b.example', 'waitlisted'],
      ['c1', 'c1@c.example', 'waitlisted'],
    ]) {
      const res = await register(api, event, { email }).expect(201);
      expect([name, res.body.status]).toEqual([name, status]);
      ids[name] = res.body.id;
    }
    const statusOf = async (name: string) =>
      (
        (await dataSourceOf(api).query(`SELECT status FROM registrations WHERE id = $1`, [ids[name]])) as [
          { status: string },
        ]
      )[0].status;
    await api.http.post(`/api/v1/events/${event.id}/registrations/${ids.b1}/cancel`).set(hostOrg.headers).expect(200);
    // a2 waited longer but organization A holds its one seat: b2 moves up.
    expect([await statusOf('a2'), await statusOf('b2'), await statusOf('c1')]).toEqual([
      'waitlisted',
      'confirmed',
      'waitlisted',
    ]);
    await api.http.post(`/api/v1/events/${event.id}/registrations/${ids.a1}/cancel`).set(hostOrg.headers).expect(200);
    expect([await statusOf('a2'), await statusOf('c1')]).toEqual(['confirmed', 'waitlisted']);
    expect(await held(event, orgs.a)).toEqual({ rows: 1, counter: 1 });
    expect(await held(event, orgs.b)).toEqual({ rows: 1, counter: 1 });
  });
});
