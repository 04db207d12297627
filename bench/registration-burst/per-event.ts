/**
 * The per-event registration ceiling (issue 16, "Scaling"): the same burst
 * to one event and spread over several events, in one run.
 *
 *   npm run build && node -r @swc-node/register -r tsconfig-paths/register bench/registration-burst/per-event.ts
 *   BENCH_N=5000 BENCH_EVENTS=8 BENCH_ROUNDS=2 ...
 *
 * Every registration of an event takes that event's row lock (the seat
 * counter is one conditional UPDATE of it), so one event's registrations
 * are written one transaction at a time, whatever the number of api
 * processes. Measured on two servers, each against one event and against
 * `BENCH_EVENTS` events (requests round-robin):
 *
 * - the api (production build): it micro-batches each event's registrations
 *   (one transaction per batch, one batch of an event in flight per process);
 * - the ceiling server of this folder: the same statement, one transaction per
 *   registration, no batching: the raw row-lock bound.
 *
 * Rounds alternate one event and several, so a change in the machine's load
 * hits both. Last, the serial bound: the same statement from one connection,
 * one registration after the other on one event. The event's row lock is held
 * from the seat UPDATE to the commit, so one event's unbatched registrations
 * cannot go faster than one such transaction after the other; its time is
 * that lock's cost (plus a round trip). Capacity is half the registrations of each event (the rest is
 * waitlisted), as in run.ts.
 */
import { createTestDatabase, unique } from '@cohost/testing';
import { Client } from 'pg';
import { assertBuilt, BUILT, freePort, run, Running } from '../../test/support/processes';
import { cpuUse, CpuUse, sampleCpu } from '../support/cpu';
import { REGISTER_STATEMENT, registerParameters } from '../../apps/api/src/registrations/registration-writes.sql';
import { load, LoadResult, ready, startCeilingServer } from './load';

const N = Number(process.env.BENCH_N ?? 5_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const POOL = process.env.BENCH_POOL_SIZE ?? '10';
const RAISED = '10000000';

type Row = { server: string; events: number; round: number; result: LoadResult; cpu: CpuUse; overbooked: number };

async function main(): Promise<void> {
  assertBuilt();
  const db = await createTestDatabase('perevent');
  const pg = new Client({ connectionString: db.url });
  const rows: Row[] = [];
  let server: Running | undefined;
  try {
    const apiPort = await freePort();
    server = run(BUILT.api, [], {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: POOL,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      QUEUE_PREFIX: unique('bench'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_REGISTER_PER_MIN: RAISED,
      RATE_LIMIT_REGISTER_EMAIL_PER_MIN: RAISED,
      NODE_ENV: 'production',
    });
    await ready(apiPort, server);
    await pg.connect();
    const partner = await seedPartner(pg);
    const api = server;
    await measureServer('api', api, apiPort, (id) => `/api/v1/events/${id}/registrations`, pg, partner, rows);
    api.child.kill('SIGTERM');
    await api.exited;
    server = undefined;

    const started = await startCeilingServer(db.url, POOL);
    server = started.server;
    const ceilingPort = started.port;
    await measureServer('ceiling', server, ceilingPort, (id) => `/events/${id}/registrations`, pg, partner, rows);
    report(rows);
    await serial(pg, partner);
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await pg.end().catch(() => undefined);
    await db.drop();
  }
}

async function measureServer(
  name: string,
  server: Running,
  port: number,
  pathOf: (eventId: string) => string,
  pg: Client,
  partner: string,
  rows: Row[],
): Promise<void> {
  const warm = await seedEvents(pg, partner, 1, 500);
  await burst(port, (i) => pathOf(warm[i % 1]), 1000, `${name}-warm`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const events of [1, EVENTS]) {
      const ids = await seedEvents(pg, partner, events, Math.ceil(N / events / 2));
      const before = sampleCpu(server.child.pid!);
      const result = await burst(port, (i) => pathOf(ids[i % events]), N, `${name}-${round}-${events}`);
      const cpu = cpuUse(before, sampleCpu(server.child.pid!), N);
      rows.push({ server: name, events, round, result, cpu, overbooked: await overbooked(pg, ids) });
    }
  }
}

function burst(port: number, path: (i: number) => string, total: number, label: string): Promise<LoadResult> {
  return load({
    port,
    path,
    total,
    connections: CONNECTIONS,
    body: (i) => ({
      email: `${label}-${i}@bench.example.org`,
      name: `参加者 ${i}`,
      organization: 'Bench Labs',
      locale: i % 2 ? 'ja' : 'en',
      consent: { shareWithCohosts: i % 3 === 0 },
    }),
  });
}

async function seedPartner(pg: Client): Promise<string> {
  const { rows } = await pg.query(
    `INSERT INTO partners (slug, name_en, country, timezone, contact_email)
     VALUES ('bench-hub', 'Bench Hub', 'JP', 'Asia/Tokyo', 'bench@example.org') RETURNING id`,
  );
  return rows[0].id as string;
}

async function seedEvents(pg: Client, partner: string, count: number, capacity: number): Promise<string[]> {
  const { rows } = await pg.query(
    `INSERT INTO events (slug, host_partner_id, title_en, starts_at, ends_at, timezone, capacity, waitlist,
                         join_url, status, published_at)
     SELECT 'burst-' || substr(md5(random()::text), 1, 12), $1, 'Burst', now() + interval '7 days',
            now() + interval '7 days 2 hours', 'Asia/Tokyo', $2, true, 'https://meet.example.org/bench',
            'published', now()
       FROM generate_series(1, $3)
     RETURNING id`,
    [partner, capacity, count],
  );
  return rows.map((r) => r.id as string);
}

async function overbooked(pg: Client, ids: string[]): Promise<number> {
  const { rows } = await pg.query(
    `SELECT coalesce(sum(greatest(0, c.confirmed - e.capacity)), 0)::int AS over
       FROM events e
       CROSS JOIN LATERAL (SELECT count(*) AS confirmed FROM registrations r
                            WHERE r.event_id = e.id AND r.status = 'confirmed') c
      WHERE e.id = ANY($1::uuid[])`,
    [ids],
  );
  return rows[0].over as number;
}

/** One connection, one event, one registration transaction after the other. */
async function serial(pg: Client, partner: string): Promise<void> {
  const total = Math.min(N, 2000);
  const [eventId] = await seedEvents(pg, partner, 1, total / 2);
  const one = (i: number) =>
    pg.query(
      REGISTER_STATEMENT,
      registerParameters({
        eventId,
        email: `serial-${i}@bench.example.org`,
        name: `参加者 ${i}`,
        organization: 'Bench Labs',
        locale: 'ja',
        timezone: 'Asia/Tokyo',
        viaPartnerId: null,
        shareWithCohosts: false,
        invitationId: null,
        memberOrganizationId: null,
        answers: [],
      }),
    );
  for (let i = 0; i < 100; i++) await one(-1 - i); // warm-up: the statement planned, the pages cached
  const before = sampleCpu(process.pid);
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i++) await one(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuUse(before, sampleCpu(process.pid), total);
  const { rows } = await pg.query(`SHOW synchronous_commit`);
  console.log(
    `serial (one connection, one event, unbatched): ${(total / seconds).toFixed(0)} regs/s, ` +
      `${((seconds * 1000) / total).toFixed(2)} ms per transaction, pg ${cpu.postgresUs.toFixed(0)} µs per ` +
      `registration, machine ${(cpu.machineBusy * 100).toFixed(0)}% busy, synchronous_commit ${rows[0].synchronous_commit}`,
  );
}

function report(rows: Row[]): void {
  console.log(
    `\nper-event registration ceiling: N=${N} per burst, ${CONNECTIONS} connections, pool ${POOL}, ` +
      `1 event vs ${EVENTS} events (round-robin), ${ROUNDS} rounds`,
  );
  console.log('server   events round   regs/s  p50 ms  p99 ms  server µs   pg µs  busy overbooked statuses');
  for (const r of rows) {
    console.log(
      [
        r.server.padEnd(8),
        String(r.events).padStart(6),
        String(r.round).padStart(5),
        r.result.perSecond.toFixed(0).padStart(8),
        r.result.p50.toFixed(1).padStart(7),
        r.result.p99.toFixed(1).padStart(7),
        r.cpu.serverUs.toFixed(0).padStart(10),
        r.cpu.postgresUs.toFixed(0).padStart(7),
        `${(r.cpu.machineBusy * 100).toFixed(0)}%`.padStart(5),
        String(r.overbooked).padStart(10),
        JSON.stringify(r.result.statuses),
      ].join(' '),
    );
  }
  for (const server of new Set(rows.map((r) => r.server))) {
    const mean = (events: number) => {
      const mine = rows.filter((r) => r.server === server && r.events === events);
      return mine.reduce((s, r) => s + r.result.perSecond, 0) / mine.length;
    };
    console.log(`${server}: one event / ${EVENTS} events = ${(mean(1) / mean(EVENTS)).toFixed(2)}`);
  }
  if (rows.some((r) => r.overbooked > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
