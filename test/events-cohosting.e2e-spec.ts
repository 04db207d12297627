import { ApiHarness, startApi } from './support/api-harness';
import { createAgreement, createOrganizer, createPartner, TestOrganizer, TestPartner } from './support/factories';
import {
  acceptCohost,
  createCohostedEvent,
  createEvent,
  EventJson,
  inviteCohost,
  NEXT_YEAR,
  publishEvent,
  sql,
} from './support/events';

/** The event of these tests: 20 May next year, 18:00-20:00 in Tokyo. */
const MAY_20 = { startsAt: `${NEXT_YEAR}-05-20T18:00:00+09:00`, endsAt: `${NEXT_YEAR}-05-20T20:00:00+09:00` };

describe('co-hosting under agreements', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let hostOrganizer: TestOrganizer;

  beforeAll(async () => {
    api = await startApi();
    host = await createPartner(api, { name: { en: 'Tokyo Life Science Hub' } });
    hostOrganizer = await createOrganizer(api, host);
  });
  afterAll(() => api.close());

  const embassy = () =>
    createPartner(api, { name: { en: 'Royal Danish Embassy' }, country: 'DK', timezone: 'Europe/Copenhagen' });

  const invite = (event: EventJson, partner: TestPartner) =>
    api.http.post(`/api/v1/events/${event.id}/cohosts`).set(hostOrganizer.headers).send({ partner: partner.slug });

  it('refuses to invite a partner without any agreement: 422 naming both partners', async () => {
    const partner = await embassy();
    const event = await createEvent(api, hostOrganizer, MAY_20);
    const res = await invite(event, partner).expect(422);
    expect(res.body.code).toBe('AGREEMENT_MISSING');
    expect(res.body.message).toContain(`Tokyo Life Science Hub (${host.slug})`);
    expect(res.body.message).toContain(`Royal Danish Embassy (${partner.slug})`);
    expect(res.body.message).toMatch(/no agreement/);
  });

  it('refuses an agreement that expires before the event ends: 422 with the date', async () => {
    const partner = await embassy();
    // Expiry is exclusive: an agreement expiring on the 20th is not active on the 20th.
    const agreement = await createAgreement(api, host, partner, {
      effectiveFrom: '2026-01-15',
      expiresOn: `${NEXT_YEAR}-05-20`,
    });
    const event = await createEvent(api, hostOrganizer, MAY_20);
    const res = await invite(event, partner).expect(422);
    expect(res.body.code).toBe('AGREEMENT_NOT_COVERING');
    expect(res.body.message).toContain(host.slug);
    expect(res.body.message).toContain(partner.slug);
    expect(res.body.message).toContain(agreement.id);
    expect(res.body.message).toContain(`expires on ${NEXT_YEAR}-05-20`);
  });

  it('refuses a terminated agreement: 422 with the termination date', async () => {
    const partner = await embassy();
    const agreement = await createAgreement(api, host, partner, {
      effectiveFrom: '2026-01-15',
      expiresOn: `${NEXT_YEAR + 3}-01-01`,
    });
    await api.http
      .post(`/api/v1/agreements/${agreement.id}/terminate`)
      .set(api.admin)
      .send({ terminatedOn: `${NEXT_YEAR}-03-01` })
      .expect(200);
    const event = await createEvent(api, hostOrganizer, MAY_20);
    const res = await invite(event, partner).expect(422);
    expect(res.body.message).toContain(`Tokyo Life Science Hub (${host.slug})`);
    expect(res.body.message).toContain(`Royal Danish Embassy (${partner.slug})`);
    expect(res.body.message).toContain(`terminated on ${NEXT_YEAR}-03-01`);
  });

  it('refuses an agreement not yet in effect, and accepts when any one agreement covers', async () => {
    const partner = await embassy();
    await createAgreement(api, host, partner, { signedOn: '2026-01-01', effectiveFrom: `${NEXT_YEAR}-06-01` });
    const event = await createEvent(api, hostOrganizer, MAY_20);
    const res = await invite(event, partner).expect(422);
    expect(res.body.message).toContain(`only takes effect on ${NEXT_YEAR}-06-01`);

    const covering = await createAgreement(api, partner, host, { kind: 'MOU', effectiveFrom: '2026-06-01' });
    const invited = await invite(event, partner).expect(201);
    expect(invited.body.cohosts).toEqual([
      { partner: { slug: partner.slug, name: { en: 'Royal Danish Embassy' } }, status: 'pending' },
    ]);
    const row = await sql<{ agreement_id: string }>(api, `SELECT agreement_id FROM event_cohosts WHERE event_id = $1`, [
      event.id,
    ]);
    expect(row[0].agreement_id).toBe(covering.id);
  });

  it('checks the agreement on both partners\u2019 calendars (a Copenhagen evening is already the next day in Tokyo)', async () => {
    const partner = await embassy();
    await createAgreement(api, host, partner, { effectiveFrom: '2026-01-15', expiresOn: `${NEXT_YEAR}-05-20` });
    const evening = await createEvent(api, hostOrganizer, {
      startsAt: `${NEXT_YEAR}-05-19T21:00:00+02:00`,
      endsAt: `${NEXT_YEAR}-05-19T23:30:00+02:00`,
      timezone: 'Europe/Copenhagen',
    });
    const res = await invite(evening, partner).expect(422);
    expect(res.body.message).toContain(`expires on ${NEXT_YEAR}-05-20`);
  });

  it('rejects a reschedule past an accepted co-host\u2019s agreement expiry with 422, changing nothing', async () => {
    const partner = await embassy();
    const agreement = await createAgreement(api, host, partner, {
      effectiveFrom: '2026-01-15',
      expiresOn: `${NEXT_YEAR}-06-01`,
    });
    const organizer = await createOrganizer(api, partner);
    const event = await createEvent(api, hostOrganizer, MAY_20);
    await inviteCohost(api, hostOrganizer, event.id, partner);
    await acceptCohost(api, organizer, event.id, partner);
    const published = await publishEvent(api, hostOrganizer, event.id);

    const res = await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(hostOrganizer.headers)
      .send({
        startsAt: `${NEXT_YEAR}-06-03T18:00:00+09:00`,
        endsAt: `${NEXT_YEAR}-06-03T20:00:00+09:00`,
        description: { en: 'x' },
      })
      .expect(422);
    expect(res.body.message).toContain(`Royal Danish Embassy (${partner.slug})`);
    expect(res.body.message).toContain(agreement.id);
    expect(res.body.message).toContain(`expires on ${NEXT_YEAR}-06-01`);

    const after = await api.http.get(`/api/v1/events/${event.id}`).set(hostOrganizer.headers).expect(200);
    expect(after.body).toEqual(published);
    const notes = await sql(api, `SELECT 1 FROM notifications WHERE event_id = $1`, [event.id]);
    expect(notes).toHaveLength(0);
  });

  it('a termination that no longer covers a draft ends its co-hosting: the co-host loses its rights, the host publishes alone', async () => {
    const partner = await embassy();
    const agreement = await createAgreement(api, host, partner, { effectiveFrom: '2026-01-15' });
    const organizer = await createOrganizer(api, partner);
    const event = await createEvent(api, hostOrganizer, MAY_20);
    await inviteCohost(api, hostOrganizer, event.id, partner);
    await acceptCohost(api, organizer, event.id, partner);
    await api.http
      .post(`/api/v1/agreements/${agreement.id}/terminate`)
      .set(api.admin)
      .send({ terminatedOn: `${NEXT_YEAR}-04-01` })
      .expect(200);

    // Issue 15 "Agreements that end": the co-hosting is `ended` at once, so it can no longer block or act.
    // A draft it no longer co-hosts is as unknown to it as to any outsider.
    await api.http.post(`/api/v1/events/${event.id}/publish`).set(organizer.headers).expect(404);
    const published = await api.http.post(`/api/v1/events/${event.id}/publish`).set(hostOrganizer.headers).expect(200);
    expect(published.body.cohosts).toEqual([expect.objectContaining({ status: 'ended' })]);
    const publicView = await api.http.get(`/api/v1/events/${event.id}`).expect(200);
    expect(publicView.body.cohosts).toEqual([]);
  });

  it('re-checks the agreement when the invitation is accepted', async () => {
    const partner = await embassy();
    const agreement = await createAgreement(api, host, partner, { effectiveFrom: '2026-01-15' });
    const organizer = await createOrganizer(api, partner);
    const event = await createEvent(api, hostOrganizer, MAY_20);
    await inviteCohost(api, hostOrganizer, event.id, partner);
    await api.http
      .post(`/api/v1/agreements/${agreement.id}/terminate`)
      .set(api.admin)
      .send({ terminatedOn: `${NEXT_YEAR}-01-01` })
      .expect(200);
    const res = await api.http
      .post(`/api/v1/events/${event.id}/cohosts/${partner.slug}/accept`)
      .set(organizer.headers)
      .expect(422);
    expect(res.body.message).toContain(`terminated on ${NEXT_YEAR}-01-01`);
  });

  it('lets the invited partner decline, the host invite again, and the host remove a co-host', async () => {
    const { event, cohost, cohostOrganizer, hostOrganizer: owner } = await createCohostedEvent(api, { publish: false });
    const removed = await api.http
      .delete(`/api/v1/events/${event.id}/cohosts/${cohost.slug}`)
      .set(owner.headers)
      .expect(200);
    expect(removed.body.cohosts).toEqual([]);
    // No longer a party: the draft is invisible to them.
    await api.http.get(`/api/v1/events/${event.id}`).set(cohostOrganizer.headers).expect(404);
    await api.http.delete(`/api/v1/events/${event.id}/cohosts/${cohost.slug}`).set(owner.headers).expect(404);

    await inviteCohost(api, owner, event.id, cohost);
    const declined = await api.http
      .post(`/api/v1/events/${event.id}/cohosts/${cohost.slug}/decline`)
      .set(cohostOrganizer.headers)
      .expect(200);
    expect(declined.body.cohosts).toEqual([expect.objectContaining({ status: 'declined' })]);
    await api.http.patch(`/api/v1/events/${event.id}`).set(cohostOrganizer.headers).send({ capacity: 5 }).expect(403);

    const again = await inviteCohost(api, owner, event.id, cohost);
    expect(again.cohosts).toEqual([expect.objectContaining({ status: 'pending' })]);
    await acceptCohost(api, cohostOrganizer, event.id, cohost);
    const published = await publishEvent(api, cohostOrganizer, event.id);
    expect(published.cohosts).toEqual([expect.objectContaining({ status: 'accepted' })]);
  });

  it('answers unknown, duplicate, self and foreign invitations precisely', async () => {
    const { event, cohost, cohostOrganizer, hostOrganizer: owner, host: hostPartner } = await createCohostedEvent(api);
    const unknown = await api.http
      .post(`/api/v1/events/${event.id}/cohosts`)
      .set(owner.headers)
      .send({ partner: 'no-such-partner' })
      .expect(422);
    expect(unknown.body.code).toBe('PARTNER_NOT_FOUND');
    await api.http
      .post(`/api/v1/events/${event.id}/cohosts`)
      .set(owner.headers)
      .send({ partner: cohost.slug })
      .expect(409);
    await api.http
      .post(`/api/v1/events/${event.id}/cohosts`)
      .set(owner.headers)
      .send({ partner: hostPartner.slug })
      .expect(422);
    await api.http
      .post(`/api/v1/events/${event.id}/cohosts`)
      .set(owner.headers)
      .send({ partner: 'Bad Slug' })
      .expect(400);

    // An organizer of another invited partner cannot answer for the first one.
    const third = await embassy();
    await createAgreement(api, hostPartner, third, { effectiveFrom: '2026-01-15' });
    const thirdOrganizer = await createOrganizer(api, third);
    await inviteCohost(api, owner, event.id, third);
    await api.http
      .post(`/api/v1/events/${event.id}/cohosts/${cohost.slug}/accept`)
      .set(thirdOrganizer.headers)
      .expect(403);
    await api.http
      .post(`/api/v1/events/${event.id}/cohosts/${third.slug}/accept`)
      .set(cohostOrganizer.headers)
      .expect(403);
    await api.http
      .post(`/api/v1/events/${event.id}/cohosts/${third.slug}/accept`)
      .set(thirdOrganizer.headers)
      .expect(200);
  });
});
