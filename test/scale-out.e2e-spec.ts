import { createTestDatabase, TestDatabase, unique } from '@cohost/testing';
import { Client } from 'pg';
import request from 'supertest';
import { ADMIN_TOKEN, bearer } from './support/api-harness';
import { eventually, startSmtpServer, TestSmtpServer } from './support/mail-server';
import { assertBuilt, BUILT, freePort, run, Running } from './support/processes';

/**
 * Issue 16, "Scale-out proof": api and worker processes are interchangeable
 * replicas over one PostgreSQL and one Redis. Two api processes on two ports
 * and two workers, all from the production build, started together on a new
 * database: a registration burst split across both apis, cancellations, a
 * reschedule and the reminder it brings forward.
 */
describe('scale-out: two api processes and two workers on one database and Redis', () => {
  const CAPACITY = 25;
  const REGISTER_LIMIT = 40; // per client address per minute, counted in Redis
  const BURST = 60; // 30 to each api: below the limit for either alone, above it together
  const CANCELLED = 5;

  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let pg: Client;
  const processes: Running[] = [];
  const apis: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase('scaleout');
    smtp = await startSmtpServer();
    const env = {
      DATABASE_URL: db.url,
      QUEUE_PREFIX: unique('test'),
      ADMIN_TOKEN,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'cohost <no-reply@cohost.example>',
      PUBLIC_BASE_URL: 'https://cohost.example',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      DATABASE_POOL_SIZE: '4',
      WORKER_CONCURRENCY: '8',
      OUTBOX_POLL_MS: '500',
      RATE_LIMIT_REGISTER_PER_MIN: String(REGISTER_LIMIT),
    };
    const ports = [await freePort(), await freePort()];
    // All four at once: the migrations run under an advisory lock, so replicas may start together.
    for (const port of ports) processes.push(run(BUILT.api, [], { ...env, PORT: String(port), LOG_LEVEL: 'info' }));
    for (let i = 0; i < 2; i++) processes.push(run(BUILT.worker, [], { ...env, LOG_LEVEL: 'info' }));
    await Promise.all(processes.map((p) => p.waitFor(/cohost api listening|cohost worker started/, 60_000)));
    apis.push(...ports.map((port) => `http://127.0.0.1:${port}`));
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  }, 90_000);

  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    const codes = await Promise.all(processes.map((p) => p.exited));
    await pg?.end();
    await smtp?.close();
    await db?.drop();
    // Every replica stops cleanly on SIGTERM (HTTP drained, active jobs finished).
    expect(codes).toEqual([0, 0, 0, 0]);
  }, 60_000);

  const api = (i: number) => request(apis[i % 2]);
  const query = async <T>(text: string, params: unknown[] = []) => (await pg.query(text, params)).rows as T[];

  it('holds capacity, waitlist order, rate limits, single delivery and single reminders across replicas', async () => {
    // Set up through api 0 as the hub admin, the event through api 1 as its organizer.
    const admin = bearer(ADMIN_TOKEN);
    const partner = await api(0)
      .post('/api/v1/partners')
      .set(admin)
      .send({
        slug: 'link-j',
        name: { en: 'LINK-J', ja: 'ライフサイエンス・イノベーション・ネットワーク・ジャパン' },
        country: 'JP',
        timezone: 'Asia/Tokyo',
        contactEmail: 'events@link-j.example',
      })
      .expect(201);
    const organizerRes = await api(0)
      .post(`/api/v1/partners/${partner.body.slug}/organizers`)
      .set(admin)
      .send({ email: 'organizer@link-j.example', name: 'Aiko Tanaka' })
      .expect(201);
    const organizer = bearer(organizerRes.body.token);
    const inThreeHours = new Date(Date.now() + 3 * 3600_000);
    const created = await api(1)
      .post('/api/v1/events')
      .set(organizer)
      .send({
        title: { en: 'Scale-out rehearsal', ja: 'スケールアウトのリハーサル' },
        startsAt: inThreeHours.toISOString(),
        endsAt: new Date(inThreeHours.getTime() + 3600_000).toISOString(),
        timezone: 'Asia/Tokyo',
        joinUrl: 'https://meet.example.org/j/scale',
        capacity: CAPACITY,
        waitlist: true,
        reminders: ['PT1H'],
      })
      .expect(201);
    const eventId: string = created.body.id;
    await api(0).post(`/api/v1/events/${eventId}/publish`).set(organizer).expect(200);

    // The burst: all at once, alternating between the apis, from one client address.
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        api(i)
          .post(`/api/v1/events/${eventId}/registrations`)
          .send({
            email: `member${i}@scale.example`,
            name: i % 2 ? `Member ${i}` : `会員 ${i}`,
            organization: 'Scale Labs',
            locale: i % 2 ? 'en' : 'ja',
            consent: { shareWithCohosts: false },
          }),
      ),
    );
    const byStatus = (code: number) => answers.filter((a) => a.status === code);
    // Each api alone saw 30 requests, under its limit of 40: only a count shared in Redis refuses 20.
    expect(byStatus(429)).toHaveLength(BURST - REGISTER_LIMIT);
    expect(byStatus(201)).toHaveLength(REGISTER_LIMIT);
    expect(answers.filter((a) => a.status !== 201 && a.status !== 429)).toEqual([]);
    const accepted = byStatus(201).map((a) => a.body as { id: string; status: string; waitlistPosition?: number });
    expect(accepted.filter((r) => r.status === 'confirmed')).toHaveLength(CAPACITY);
    const positions = accepted.flatMap((r) => (r.status === 'waitlisted' ? [r.waitlistPosition] : []));
    expect([...positions].sort((a, b) => a! - b!)).toEqual(range(REGISTER_LIMIT - CAPACITY));

    // Cancellations by the organizer, split across the apis: each frees a seat for the head of the waitlist.
    const confirmed = accepted.filter((r) => r.status === 'confirmed').slice(0, CANCELLED);
    await Promise.all(
      confirmed.map((r, i) =>
        api(i).post(`/api/v1/events/${eventId}/registrations/${r.id}/cancel`).set(organizer).expect(200),
      ),
    );

    // The reschedule brings the start forward: the one-hour reminder is due in about 20 s.
    const newStart = new Date(Date.now() + 3600_000 + 20_000);
    await api(1)
      .patch(`/api/v1/events/${eventId}`)
      .set(organizer)
      .send({ startsAt: newStart.toISOString(), endsAt: new Date(newStart.getTime() + 3600_000).toISOString() })
      .expect(200);

    const [seats] = await query<{ confirmed_count: number; waitlisted_count: number; c: number; w: number }>(
      `SELECT e.confirmed_count, e.waitlisted_count,
              count(*) FILTER (WHERE r.status = 'confirmed')::int AS c,
              count(*) FILTER (WHERE r.status = 'waitlisted')::int AS w
         FROM events e JOIN registrations r ON r.event_id = e.id WHERE e.id = $1 GROUP BY e.id`,
      [eventId],
    );
    // 0 overbooked, the counters agree with the rows, the freed seats went to the waitlist.
    expect(seats).toEqual({
      confirmed_count: CAPACITY,
      waitlisted_count: REGISTER_LIMIT - CAPACITY - CANCELLED,
      c: CAPACITY,
      w: REGISTER_LIMIT - CAPACITY - CANCELLED,
    });
    const list = await api(0)
      .get(`/api/v1/events/${eventId}/registrations?status=waitlisted`)
      .set(organizer)
      .expect(200);
    const live = (list.body.items as Array<{ status: string; waitlistPosition?: number }>)
      .filter((r) => r.status === 'waitlisted')
      .map((r) => r.waitlistPosition);
    expect(live.sort((a, b) => a! - b!)).toEqual(range(REGISTER_LIMIT - CAPACITY - CANCELLED));

    // The reminder fires once, for the confirmed registrants, although two workers hold its queue.
    await eventually(
      async () =>
        (await query(`SELECT 1 FROM notifications WHERE event_id = $1 AND kind = 'event.reminder'`, [eventId]))
          .length === CAPACITY,
      60_000,
      250,
    );
    // Every row settles: sent, or skipped when no longer due by the time its turn came (under load, the
    // confirmation of someone cancelled meanwhile, the waitlist notice of someone promoted meanwhile);
    // none fails, none stays pending.
    const settled = async () =>
      (await query(`SELECT 1 FROM notifications WHERE event_id = $1 AND status = 'pending'`, [eventId])).length === 0;
    await eventually(settled, 60_000, 250);
    await new Promise((r) => setTimeout(r, 1500)); // a duplicate would arrive by now

    const rows = await query<{
      kind: string;
      recipient: string;
      smtp_message_id: string | null;
      status: string;
      now: string;
    }>(
      `SELECT n.kind, n.recipient, n.smtp_message_id, n.status, r.status AS now
         FROM notifications n JOIN registrations r ON r.id = n.registration_id WHERE n.event_id = $1`,
      [eventId],
    );
    const unsent = rows.filter((r) => r.status !== 'sent');
    const noLongerDue = (r: (typeof rows)[number]) =>
      r.status === 'skipped' &&
      ((r.kind === 'registration.confirmed' && r.now === 'cancelled') ||
        (r.kind === 'registration.waitlisted' && r.now === 'confirmed'));
    expect(unsent.filter((r) => !noLongerDue(r))).toEqual([]);
    const kinds = countBy(rows.map((r) => r.kind));
    expect(kinds).toEqual({
      'registration.confirmed': CAPACITY,
      'registration.waitlisted': REGISTER_LIMIT - CAPACITY,
      'registration.cancelled': CANCELLED,
      'registration.promoted': CANCELLED,
      'event.updated': CAPACITY,
      'event.reminder': CAPACITY,
    });
    // Each message delivered exactly once: one SMTP delivery per row, none twice, none missing.
    const bare = (id: string | null) => (id ?? '').replace(/^<|>$/g, '');
    const delivered = smtp.received.map((m) => bare(m.messageId));
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered.sort()).toEqual(
      rows
        .filter((r) => r.status === 'sent')
        .map((r) => bare(r.smtp_message_id))
        .sort(),
    );
    const reminded = countBy(rows.filter((r) => r.kind === 'event.reminder').map((r) => r.recipient));
    expect(Object.values(reminded).every((n) => n === 1)).toBe(true);
  }, 150_000);
});

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
