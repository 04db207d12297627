import { ApiHarness, startApi } from './support/api-harness';
import { createOrganizer, createPartner, TestOrganizer } from './support/factories';
import { createCohostedEvent, createEvent, futureSpan, publishEvent, sql } from './support/events';

interface NotificationRow {
  kind: string;
  event_sequence: number;
  recipient: string;
  data: Record<string, unknown>;
}

/** Confirmed registrants written straight into the tables (the registrations API is another module). */
async function confirmRegistrants(api: ApiHarness, eventId: string, emails: string[]): Promise<void> {
  for (const email of emails) {
    await sql(
      api,
      `INSERT INTO registrations (event_id, email, name, organization, locale, timezone, status, confirmed_at)
       VALUES ($1, $2, 'Registrant', 'Org', 'en', 'Europe/Copenhagen', 'confirmed', now())`,
      [eventId, email],
    );
  }
  await sql(api, `UPDATE events SET confirmed_count = confirmed_count + $2 WHERE id = $1`, [eventId, emails.length]);
}

const notifications = (api: ApiHarness, eventId: string) =>
  sql<NotificationRow>(
    api,
    `SELECT kind, event_sequence, recipient, data FROM notifications WHERE event_id = $1 ORDER BY id`,
    [eventId],
  );

describe('event lifecycle: sequence, outbox, capacity, cancellation', () => {
  let api: ApiHarness;
  let organizer: TestOrganizer;

  beforeAll(async () => {
    api = await startApi();
    organizer = await createOrganizer(api, await createPartner(api));
  });
  afterAll(() => api.close());

  const patch = (id: string, body: object, who: TestOrganizer = organizer) =>
    api.http.patch(`/api/v1/events/${id}`).set(who.headers).send(body);

  it('bumps sequence 1 then 2 on two reschedules, not on a description edit, and on cancel; then 409', async () => {
    const event = await publishEvent(api, organizer, (await createEvent(api, organizer)).id);
    await confirmRegistrants(api, event.id, ['a@example.org', 'b@example.org']);
    expect(event.sequence).toBe(0);

    const first = await patch(event.id, futureSpan(31)).expect(200);
    expect(first.body.sequence).toBe(1);
    const second = await patch(event.id, futureSpan(32, 120)).expect(200);
    expect(second.body.sequence).toBe(2);
    const description = await patch(event.id, { description: { en: 'New abstract' }, capacity: 50 }).expect(200);
    expect(description.body).toMatchObject({ sequence: 2, description: { en: 'New abstract' }, capacity: 50 });
    const sameTime = await patch(event.id, { startsAt: second.body.startsAt }).expect(200);
    expect(sameTime.body.sequence).toBe(2);

    const cancelled = await api.http
      .post(`/api/v1/events/${event.id}/cancel`)
      .set(organizer.headers)
      .send({ reason: 'Speaker ill' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 3 });

    await patch(event.id, { description: { en: 'late' } }).expect(409);
    await api.http.post(`/api/v1/events/${event.id}/publish`).set(organizer.headers).expect(409);
    const again = await api.http.post(`/api/v1/events/${event.id}/cancel`).set(organizer.headers).expect(409);
    expect(again.body.code).toBe('EVENT_CANCELLED');

    const rows = await notifications(api, event.id);
    expect(rows.map((r) => [r.kind, r.event_sequence])).toEqual([
      ['event.updated', 1],
      ['event.updated', 1],
      ['event.updated', 2],
      ['event.updated', 2],
      ['event.cancelled', 3],
      ['event.cancelled', 3],
    ]);
    expect(rows[0].data).toEqual({
      previous: { startsAt: event.startsAt, endsAt: event.endsAt, title: { en: event.title.en, ja: event.title.ja } },
      changed: ['startsAt', 'endsAt'],
    });
    expect(rows[4].data).toEqual({ reason: 'Speaker ill' });
    expect(JSON.stringify(rows)).not.toContain('meet.example.org');
    const stored = await sql<{ cancel_reason: string }>(api, `SELECT cancel_reason FROM events WHERE id = $1`, [
      event.id,
    ]);
    expect(stored[0].cancel_reason).toBe('Speaker ill');
  });

  it('bumps on a title change of a published event, never on a draft nor for a new join link', async () => {
    const draft = await createEvent(api, organizer);
    const edited = await patch(draft.id, { ...futureSpan(50), title: { en: 'Renamed' } }).expect(200);
    expect(edited.body.sequence).toBe(0);
    await publishEvent(api, organizer, draft.id);
    // Registrants hold personal links (/j/<token>) that follow the meeting URL: nothing changes in calendars.
    const link = await patch(draft.id, { joinUrl: 'https://meet.example.org/j/other' }).expect(200);
    expect(link.body).toMatchObject({ sequence: 0, joinUrl: 'https://meet.example.org/j/other' });
    const title = await patch(draft.id, { title: { ja: null } }).expect(200);
    expect(title.body).toMatchObject({ sequence: 1, title: { en: 'Renamed' } });
    expect(title.body.title).not.toHaveProperty('ja');
    const timezone = await patch(draft.id, { timezone: 'Europe/Copenhagen', reminders: ['PT30M'] }).expect(200);
    expect(timezone.body).toMatchObject({ sequence: 1, timezone: 'Europe/Copenhagen', reminders: ['PT30M'] });
    const noTitle = await patch(draft.id, { title: { en: null } }).expect(400);
    expect(noTitle.body.code).toBe('EVENT_TITLE_REQUIRED');
  });

  it('lets an accepted co-host edit and cancel, with the same sequence rules', async () => {
    const { event, cohostOrganizer } = await createCohostedEvent(api);
    const moved = await patch(event.id, futureSpan(60), cohostOrganizer).expect(200);
    expect(moved.body.sequence).toBe(1);
    const cancelled = await api.http.post(`/api/v1/events/${event.id}/cancel`).set(cohostOrganizer.headers).expect(200);
    expect(cancelled.body.sequence).toBe(2);
  });

  it('refuses to lower capacity below the confirmed count with 409 naming the count', async () => {
    const event = await publishEvent(api, organizer, (await createEvent(api, organizer, { capacity: 10 })).id);
    await confirmRegistrants(api, event.id, ['c1@example.org', 'c2@example.org', 'c3@example.org']);
    const res = await patch(event.id, { capacity: 2 }).expect(409);
    expect(res.body.code).toBe('EVENT_CAPACITY_BELOW_CONFIRMED');
    expect(res.body.message).toContain('3 registrants are already confirmed');
    const exact = await patch(event.id, { capacity: 3 }).expect(200);
    expect(exact.body.seats).toEqual({ confirmed: 3, waitlisted: 0, remaining: 0 });
    const unlimited = await patch(event.id, { capacity: null }).expect(200);
    expect(unlimited.body.seats).toEqual({ confirmed: 3, waitlisted: 0, remaining: null });
  });

  it('serialises concurrent reschedules: each bumps sequence once, none is lost', async () => {
    const event = await publishEvent(api, organizer, (await createEvent(api, organizer)).id);
    const results = await Promise.all([70, 71, 72, 73].map((days) => patch(event.id, futureSpan(days))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.map((r) => r.body.sequence).sort()).toEqual([1, 2, 3, 4]);
    const final = await api.http.get(`/api/v1/events/${event.id}`).expect(200);
    expect(final.body.sequence).toBe(4);
  });

  it('publishes drafts only once; a cancelled draft stays cancelled', async () => {
    const event = await createEvent(api, organizer);
    await publishEvent(api, organizer, event.id);
    const twice = await api.http.post(`/api/v1/events/${event.id}/publish`).set(organizer.headers).expect(409);
    expect(twice.body.code).toBe('EVENT_ALREADY_PUBLISHED');

    const draft = await createEvent(api, organizer);
    const cancelled = await api.http.post(`/api/v1/events/${draft.id}/cancel`).set(organizer.headers).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 1 });
    await api.http.post(`/api/v1/events/${draft.id}/publish`).set(organizer.headers).expect(409);
  });

  it('keeps a default registration close that follows the start, and an explicit one that does not', async () => {
    const event = await createEvent(api, organizer, futureSpan(80));
    const moved = await patch(event.id, futureSpan(81)).expect(200);
    expect(moved.body.registrationClosesAt).toBe(moved.body.startsAt);
    // Computed once: a second call may fall in the next minute.
    const closes = new Date(Date.parse(moved.body.startsAt) + 30 * 60_000).toISOString();
    const explicit = await patch(event.id, { registrationClosesAt: closes }).expect(200);
    expect(explicit.body.registrationClosesAt).toBe(closes);
    const tooLate = await patch(event.id, { registrationClosesAt: futureSpan(82).startsAt }).expect(400);
    expect(tooLate.body.code).toBe('EVENT_REGISTRATION_WINDOW');
    const cleared = await patch(event.id, { registrationClosesAt: null }).expect(200);
    expect(cleared.body.registrationClosesAt).toBe(cleared.body.startsAt);
  });
});
