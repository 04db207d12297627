import { RegistrationBatcher } from '../apps/api/src/registrations/registration-batcher.service';
import { ApiHarness, dataSourceOf } from './support/api-harness';
import { insertEvent, TestPartner } from './support/factories';
import { lockWaiters, registerInOneBatch, sideConnection, until } from './support/registration-batches';
import { register, seats, startRegistrationsApi } from './support/registrations';

/** What the outbox says about each registration: kind and data. */
async function outbox(api: ApiHarness, ids: string[]): Promise<Record<string, { kind: string; data: object }>> {
  const rows = (await dataSourceOf(api).query(
    `SELECT registration_id, kind, data, dedupe_key FROM notifications WHERE registration_id = ANY($1::uuid[])`,
    [ids],
  )) as Array<{ registration_id: string; kind: string; data: object; dedupe_key: string }>;
  for (const row of rows) expect(row.dedupe_key).toBe(`${row.kind}:${row.registration_id}:0`);
  expect(rows).toHaveLength(ids.length);
  return Object.fromEntries(rows.map((r) => [r.registration_id, { kind: r.kind, data: r.data }]));
}

describe('registrations written as one batch', () => {
  let api: ApiHarness;
  let host: TestPartner;

  beforeAll(async () => {
    ({ api, host } = await startRegistrationsApi());
  });
  afterAll(() => api?.close());

  it('decides in arrival order: duplicates in the batch and against live rows, the capacity boundary, FIFO positions', async () => {
    const event = await insertEvent(api, host.id, { capacity: 4, waitlist: true });
    await register(api, event, { email: 'Existing@example.jp' }).expect(201);
    // The optimistic write meets the live row; the batch is written again after the look-up, not one by one.
    const oneByOne = jest.spyOn(api.app.get(RegistrationBatcher)['logger'], 'warn');
    const { pilot, answers } = await registerInOneBatch(api, event, [
      { email: 'a@example.jp' },
      { email: 'A@Example.JP' },
      { email: 'existing@EXAMPLE.jp' },
      { email: 'b@example.jp' },
      { email: 'c@example.jp' },
      { email: 'd@example.jp' },
      { email: 'c@example.jp' },
    ]);
    expect(pilot.status).toBe(201);
    expect(pilot.body.status).toBe('confirmed');
    expect(answers.map((a) => [a.status, a.body.status ?? a.body.code, a.body.waitlistPosition])).toEqual([
      [201, 'confirmed', undefined],
      [409, 'REGISTRATION_EXISTS', undefined],
      [409, 'REGISTRATION_EXISTS', undefined],
      [201, 'confirmed', undefined],
      [201, 'waitlisted', 1],
      [201, 'waitlisted', 2],
      [409, 'REGISTRATION_EXISTS', undefined],
    ]);
    expect(oneByOne).not.toHaveBeenCalled();
    oneByOne.mockRestore();
    expect(await seats(api, event)).toEqual({
      confirmedCount: 4,
      waitlistedCount: 2,
      confirmedRows: 4,
      waitlistedRows: 2,
    });
    const order = (await dataSourceOf(api).query(
      `SELECT id FROM registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlisted_at, id`,
      [event.id],
    )) as Array<{ id: string }>;
    expect(order.map((r) => r.id)).toEqual([answers[4].body.id, answers[5].body.id]);
    const ids = [answers[0], answers[3], answers[4], answers[5]].map((a) => a.body.id as string);
    expect(await outbox(api, ids)).toEqual({
      [ids[0]]: { kind: 'registration.confirmed', data: {} },
      [ids[1]]: { kind: 'registration.confirmed', data: {} },
      [ids[2]]: { kind: 'registration.waitlisted', data: { waitlistPosition: 1 } },
      [ids[3]]: { kind: 'registration.waitlisted', data: { waitlistPosition: 2 } },
    });
  });

  it('full without a waitlist: the seats left are confirmed, the rest get 422 EVENT_FULL', async () => {
    const event = await insertEvent(api, host.id, { capacity: 3, waitlist: false });
    const { pilot, answers } = await registerInOneBatch(
      api,
      event,
      ['p', 'q', 'r', 's'].map((n) => ({ email: `${n}@example.jp` })),
    );
    expect(pilot.body.status).toBe('confirmed');
    expect(answers.map((a) => a.body.status ?? a.body.code)).toEqual([
      'confirmed',
      'confirmed',
      'EVENT_FULL',
      'EVENT_FULL',
    ]);
    expect(answers[2].status).toBe(422);
    expect(await seats(api, event)).toEqual({
      confirmedCount: 3,
      waitlistedCount: 0,
      confirmedRows: 3,
      waitlistedRows: 0,
    });
  });

  it('a batch that fails is written one by one: the failing item fails alone, the others keep their order', async () => {
    const event = await insertEvent(api, host.id, { capacity: 2, waitlist: true });
    // A stand-in for any unexpected failure of one row (the api validates real input before it gets here).
    const side = await sideConnection(api);
    await side.query(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.name = 'poison' THEN RAISE EXCEPTION 'poisoned row'; END IF;
        RETURN NEW;
      END $$`);
    await side.query(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON registrations FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    try {
      const { answers } = await registerInOneBatch(api, event, [
        { email: 'x1@example.jp' },
        { email: 'x2@example.jp', name: 'poison' },
        { email: 'x3@example.jp' },
        { email: 'x4@example.jp' },
      ]);
      expect(answers.map((a) => [a.status, a.body.status, a.body.waitlistPosition])).toEqual([
        [201, 'confirmed', undefined],
        [500, undefined, undefined],
        [201, 'waitlisted', 1],
        [201, 'waitlisted', 2],
      ]);
      expect(await seats(api, event)).toEqual({
        confirmedCount: 2,
        waitlistedCount: 2,
        confirmedRows: 2,
        waitlistedRows: 2,
      });
    } finally {
      await side.query(`DROP TRIGGER refuse_poison ON registrations`);
      await side.query(`DROP FUNCTION refuse_poison()`);
      await side.end();
    }
  });

  it('a live row being inserted by a writer that skipped the counters: the batch waits for it, 409 for its address', async () => {
    const event = await insertEvent(api, host.id, { capacity: 10, waitlist: true });
    const racer = await sideConnection(api);
    try {
      // Uncommitted when the batch starts. Its foreign-key check holds a KEY SHARE lock on the event row,
      // which the batch's FOR UPDATE waits for, so the batch's look-up of live addresses sees it committed.
      await racer.query('BEGIN');
      await racer.query(
        `INSERT INTO registrations (event_id, email, name, organization, locale, timezone, status, confirmed_at)
         VALUES ($1, 'racer@example.jp', 'Racer', 'Elsewhere', 'en', 'Asia/Tokyo', 'confirmed', now())`,
        [event.id],
      );
      const { answers } = await registerInOneBatch(
        api,
        event,
        [{ email: 'y1@example.jp' }, { email: 'RACER@example.jp' }, { email: 'y2@example.jp' }],
        async (side) => {
          await until(async () => (await lockWaiters(side)) >= 1, 'the batch to wait for the racing insert');
          await racer.query('COMMIT');
        },
      );
      expect(answers.map((a) => [a.status, a.body.status ?? a.body.code])).toEqual([
        [201, 'confirmed'],
        [409, 'REGISTRATION_EXISTS'],
        [201, 'confirmed'],
      ]);
      // The pilot and the batch moved the counter; the racer wrote none.
      expect(await seats(api, event)).toMatchObject({ confirmedCount: 3, confirmedRows: 4 });
    } finally {
      await racer.end();
    }
  });
});
