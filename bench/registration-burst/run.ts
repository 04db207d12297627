/**
 * Registration burst benchmark (see README.md here). Not a test: it prints
 * figures. Needs the production build (`npm run build`), PostgreSQL and Redis.
 *
 *   npm run bench:registrations                 # N = 20,000, 50 connections
 *   BENCH_N=5000 BENCH_CONNECTIONS=20 npm run bench:registrations
 */
import { createTestDatabase, unique } from '@cohost/testing';
import { Client } from 'pg';
import { assertBuilt, BUILT, freePort, run, Running } from '../../test/support/processes';
import { cpuUse, CpuUse, sampleCpu } from '../support/cpu';
import { load, LoadResult, ready, startCeilingServer } from './load';

const N = Number(process.env.BENCH_N ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Math.min(1_000, Math.ceil(N / 10));
const POOL = process.env.BENCH_POOL_SIZE ?? '10';
const API_PROCESSES = process.env.BENCH_API_PROCESSES ?? '1';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Far above the burst: the benchmark is the trusted load test the limits must not stop.
const RAISED = '10000000';

interface Verdict {
  confirmed: number;
  waitlisted: number;
  overbooked: number;
  duplicates: number;
  counterMatches: boolean;
}

async function main(): Promise<void> {
  assertBuilt();
  const db = await createTestDatabase('bench');
  let api: Running | undefined;
  let ceiling: Running | undefined;
  try {
    const apiPort = await freePort();
    // BENCH_API_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof": node flags for the api (profiles are written on exit).
    const flags = (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    api = run(flags[0] ?? BUILT.api, flags.length > 0 ? [...flags.slice(1), BUILT.api] : [], {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: POOL,
      API_PROCESSES,
      REDIS_URL,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      QUEUE_PREFIX: unique('bench'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_REGISTER_PER_MIN: RAISED,
      RATE_LIMIT_REGISTER_EMAIL_PER_MIN: RAISED,
      RATE_LIMIT_CANCEL_PER_MIN: RAISED,
      RATE_LIMIT_CANCEL_PAGE_PER_MIN: RAISED,
      NODE_ENV: 'production',
    });
    await ready(apiPort, api);

    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const events = await seed(pg);

    console.log(
      `registration burst: N=${N}, capacity=${N / 2}, waitlist on, ${CONNECTIONS} connections, pool ${POOL} ` +
        `per process, api processes ${API_PROCESSES}`,
    );
    await burst(apiPort, `/api/v1/events/${events.warmApi}/registrations`, WARMUP, 'warm');
    const viaApi = await measured(api, () => burst(apiPort, `/api/v1/events/${events.api}/registrations`, N, 'api'));
    const apiVerdict = await verify(pg, events.api);
    api.child.kill('SIGTERM');
    await api.exited;
    api = undefined;

    const started = await startCeilingServer(db.url, POOL);
    ceiling = started.server;
    const ceilingPort = started.port;
    await burst(ceilingPort, `/events/${events.warmCeiling}/registrations`, WARMUP, 'warm');
    const bare = await measured(ceiling, () =>
      burst(ceilingPort, `/events/${events.ceiling}/registrations`, N, 'ceiling'),
    );
    const bareVerdict = await verify(pg, events.ceiling);
    await pg.end();

    report(viaApi, apiVerdict, bare, bareVerdict);
  } finally {
    if (api) {
      api.child.kill('SIGTERM');
      await api.exited;
    }
    if (ceiling) {
      ceiling.child.kill('SIGTERM');
      await ceiling.exited;
    }
    if (!process.env.BENCH_KEEP_DB) await db.drop();
  }
}

/** Polls the health route (the api logs nothing at warn level when it starts), for at most 60 s. */

async function seed(pg: Client): Promise<Record<'api' | 'ceiling' | 'warmApi' | 'warmCeiling', string>> {
  const [partner] = (
    await pg.query(
      `INSERT INTO partners (slug, name_en, country, timezone, contact_email)
       VALUES ('bench-hub', 'Bench Hub', 'JP', 'Asia/Tokyo', 'bench@example.org') RETURNING id`,
    )
  ).rows;
  const event = async (slug: string, capacity: number) =>
    (
      await pg.query(
        `INSERT INTO events (slug, host_partner_id, title_en, starts_at, ends_at, timezone, capacity, waitlist,
                             join_url, status, published_at)
         VALUES ($1, $2, 'Burst', now() + interval '7 days', now() + interval '7 days 2 hours', 'Asia/Tokyo', $3,
                 true, 'https://meet.example.org/bench', 'published', now())
         RETURNING id`,
        [slug, partner.id, capacity],
      )
    ).rows[0].id as string;
  return {
    api: await event('burst-api', N / 2),
    ceiling: await event('burst-ceiling', N / 2),
    warmApi: await event('warm-api', WARMUP / 2),
    warmCeiling: await event('warm-ceiling', WARMUP / 2),
  };
}

/** A burst with the CPU its server, PostgreSQL and the machine spent meanwhile. */
async function measured(server: Running, work: () => Promise<LoadResult>): Promise<LoadResult & { cpu: CpuUse }> {
  const before = sampleCpu(server.child.pid!);
  const result = await work();
  return { ...result, cpu: cpuUse(before, sampleCpu(server.child.pid!), N) };
}

function burst(port: number, path: string, total: number, label: string): Promise<LoadResult> {
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

async function verify(pg: Client, eventId: string): Promise<Verdict> {
  const { rows } = await pg.query(
    `SELECT e.capacity, e.confirmed_count,
            (SELECT count(*)::int FROM registrations WHERE event_id = e.id AND status = 'confirmed') AS confirmed,
            (SELECT count(*)::int FROM registrations WHERE event_id = e.id AND status = 'waitlisted') AS waitlisted,
            (SELECT count(*)::int FROM (SELECT lower(email) FROM registrations
                                         WHERE event_id = e.id AND status <> 'cancelled'
                                         GROUP BY lower(email) HAVING count(*) > 1) d) AS duplicates
       FROM events e WHERE e.id = $1`,
    [eventId],
  );
  const r = rows[0];
  return {
    confirmed: r.confirmed,
    waitlisted: r.waitlisted,
    overbooked: Math.max(0, r.confirmed - r.capacity),
    duplicates: r.duplicates,
    counterMatches: r.confirmed_count === r.confirmed,
  };
}

type Measured = LoadResult & { cpu: CpuUse };

function report(viaApi: Measured, api: Verdict, bare: Measured, ceiling: Verdict): void {
  const row = (label: string, l: Measured, v: Verdict) =>
    [
      label.padEnd(8),
      l.perSecond.toFixed(0).padStart(8),
      l.p50.toFixed(1).padStart(7),
      l.p99.toFixed(1).padStart(7),
      l.max.toFixed(0).padStart(6),
      String(v.confirmed).padStart(10),
      String(v.waitlisted).padStart(11),
      String(v.overbooked).padStart(11),
      String(v.duplicates).padStart(11),
      l.cpu.serverUs.toFixed(0).padStart(10),
      l.cpu.postgresUs.toFixed(0).padStart(8),
      `${(l.cpu.machineBusy * 100).toFixed(0)}%`.padStart(5),
      JSON.stringify(l.statuses),
    ].join(' ');
  console.log('');
  console.log(
    'target   regs/s  p50 ms  p99 ms  max ms  confirmed  waitlisted  overbooked  duplicates  server µs   pg µs  busy statuses',
  );
  console.log(row('api', viaApi, api));
  console.log(row('ceiling', bare, ceiling));
  console.log('');
  const ratio = viaApi.perSecond / bare.perSecond;
  console.log(`ratio api/ceiling: ${ratio.toFixed(2)}`);
  console.log(
    `targets: >= 2000 regs/s ${viaApi.perSecond >= 2000 ? 'met' : 'NOT met'}, ` +
      `p99 <= 50 ms ${viaApi.p99 <= 50 ? 'met' : 'NOT met'}, ratio >= 0.6 ${ratio >= 0.6 ? 'met' : 'NOT met'}; ` +
      `overbooked ${api.overbooked}, duplicates ${api.duplicates}, counter matches rows: ${api.counterMatches}`,
  );
  if (api.overbooked > 0 || api.duplicates > 0 || !api.counterMatches) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
