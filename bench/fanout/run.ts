/**
 * Fan-out benchmark (issue 5, point 9). Not a test: it prints figures.
 * An event with N confirmed registrants (inserted directly), a reschedule
 * through `PATCH /api/v1/events/:id`, the production worker build (spawned)
 * sending every update email with its calendar file to a real SMTP server
 * (smtp-server, accepting and discarding); then, in the same run, the ceiling:
 * bare pooled nodemailer sending N copies of one received message (same size)
 * to the same server.
 *
 *   npm run bench:fanout                       # N = 10,000
 *   BENCH_N=2000 WORKER_CONCURRENCY=16 npm run bench:fanout
 *   BENCH_WORKERS=2 MAIL_BATCH_SIZE=1 npm run bench:fanout   # two worker processes, one job per row
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { startApi } from '../../test/support/api-harness';
import { createEvent, publishEvent } from '../../test/support/events';
import { createOrganizer, createPartner } from '../../test/support/factories';
import { assertBuilt, BUILT, freePort, run } from '../../test/support/processes';
import { machineMs, postgresMs, processesMs, redisMs } from '../support/cpu';

const N = Number(process.env.BENCH_N ?? 10_000);
const CONCURRENCY = process.env.WORKER_CONCURRENCY ?? '32'; // the production default
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1); // worker processes sharing the queue
/**
 * Messages sent before the timed part, by the worker (a reschedule of another
 * event) and by the ceiling's nodemailer alike, so that both are timed as a
 * process in service runs: its code compiled, its pools open. 0 times them
 * cold, from the worker's first message on.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);

interface Sink {
  url: string;
  port: number;
  count: number;
  last: number;
  first: number;
  perRecipient: Map<string, number>;
  sample: Buffer | null;
  reset(): void;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const sink: Sink = {
    url: '',
    port: await freePort(),
    count: 0,
    last: 0,
    first: 0,
    perRecipient: new Map(),
    sample: null,
    reset() {
      this.count = 0;
      this.first = 0;
      this.perRecipient = new Map();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    // No reverse DNS of 127.0.0.1: it would ask the resolver (off this machine) and hold each greeting.
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      const keep = sink.sample === null;
      stream.on('data', (c: Buffer) => keep && chunks.push(c));
      stream.on('end', () => {
        if (keep && sink.sample === null) sink.sample = Buffer.concat(chunks);
        for (const r of session.envelope.rcptTo) {
          sink.perRecipient.set(r.address, (sink.perRecipient.get(r.address) ?? 0) + 1);
        }
        sink.count++;
        sink.last = Date.now();
        if (sink.count === 1) sink.first = sink.last;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(sink.port, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  return sink;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  assertBuilt();
  const api = await startApi({ LOG_LEVEL: 'silent' });
  const sink = await startSink();
  const host = await createPartner(api, { timezone: 'Asia/Tokyo' });
  const organizer = await createOrganizer(api, host);
  const register = (eventId: string, prefix: string, n: number) =>
    api.app.get(DataSource).query(
      `INSERT INTO registrations (event_id, email, name, organization, locale, timezone, status, confirmed_at)
       SELECT $1, $3 || g || '@bench.example', 'Member ' || g, 'Org ' || (g % 440),
              CASE WHEN g % 2 = 0 THEN 'ja' ELSE 'en' END,
              CASE WHEN g % 2 = 0 THEN 'Asia/Tokyo' ELSE 'Europe/Copenhagen' END,
              'confirmed', now()
         FROM generate_series(1, $2) g`,
      [eventId, n, prefix],
    );
  const created = await createEvent(api, organizer, { capacity: undefined });
  await publishEvent(api, organizer, created.id);
  await register(created.id, 'member', N);
  const warmup = WARMUP > 0 ? await createEvent(api, organizer, { capacity: undefined }) : null;
  if (warmup) {
    await publishEvent(api, organizer, warmup.id);
    await register(warmup.id, 'warmup', WARMUP);
  }
  const reschedule = (event: { id: string; startsAt: string; endsAt: string }) =>
    api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(organizer.headers)
      .send({
        startsAt: new Date(Date.parse(event.startsAt) + 3600_000).toISOString(),
        endsAt: new Date(Date.parse(event.endsAt) + 3600_000).toISOString(),
      });
  let finished = false;
  // BENCH_WORKER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof": node flags for the worker (profiles are written on exit).
  const flags = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const workers = Array.from({ length: WORKERS }, () =>
    run(flags[0] ?? BUILT.worker, flags.length > 0 ? [...flags.slice(1), BUILT.worker] : [], {
      DATABASE_URL: api.config.database.url,
      QUEUE_PREFIX: api.config.redis.queuePrefix,
      REDIS_URL: api.config.redis.url,
      SMTP_URL: sink.url,
      WORKER_CONCURRENCY: CONCURRENCY,
      DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? CONCURRENCY,
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '1000',
      ...(process.env.MAIL_BATCH_SIZE ? { MAIL_BATCH_SIZE: process.env.MAIL_BATCH_SIZE } : {}),
    }),
  );
  const pids = () => workers.map((w) => w.child.pid!);
  try {
    for (const worker of workers) {
      void worker.exited.then((code) => {
        if (!finished) console.error(`worker exited early (${code}):\n${worker.output().slice(-4000)}`);
      });
      await worker.waitFor(/worker started|"level":3/, 30_000).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 1000));
    if (warmup) {
      const warmed = await reschedule(warmup);
      if (warmed.status !== 200) throw new Error(`warm-up PATCH answered ${warmed.status}`);
      await until(() => sink.count >= WARMUP, 60_000);
      await new Promise((r) => setTimeout(r, 500));
      sink.reset();
      sink.sample = null; // the ceiling sends a message of the timed fan-out
    }
    const cpu0 = processesMs(pids());
    const machine0 = machineMs();
    const services0 = { postgres: postgresMs(), redis: redisMs() };
    const benchCpu0 = process.cpuUsage();
    const t0 = Date.now();
    const res = await reschedule(created);
    if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${JSON.stringify(res.body)}`);
    const patchMs = Date.now() - t0;
    await until(() => sink.count >= N, 120_000);
    await new Promise((r) => setTimeout(r, 500)); // any duplicate would arrive now
    const seconds = (sink.last - t0) / 1000;
    const firstSeconds = (sink.first - t0) / 1000;
    const steadyRate = (N - 1) / ((sink.last - sink.first) / 1000);
    const rss = Math.max(...pids().map(peakRssMb));
    const workerCpu = (processesMs(pids()) - cpu0) / 1000;
    const machine1 = machineMs();
    const postgresCpu = (postgresMs() - services0.postgres) / 1000;
    const redisCpu = (redisMs() - services0.redis) / 1000;
    const benchCpu = process.cpuUsage(benchCpu0);
    const machineBusy = (machine1.busy - machine0.busy) / (machine1.total - machine0.total);
    const received = sink.count;
    const duplicates = [...sink.perRecipient.values()].reduce((s, c) => s + (c - 1), 0);
    const missing = N - sink.perRecipient.size;
    const rate = received / seconds;

    // Ceiling: the same number of messages of the same size, pre-rendered, through bare pooled nodemailer.
    const sample = sink.sample!;
    sink.reset();
    const transport = createTransport({
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: Number(CONCURRENCY),
      maxMessages: Infinity,
    });
    const blast = async (count: number, prefix: string) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: Number(CONCURRENCY) * 2 }, async () => {
          while (next < count) {
            const i = next++;
            await transport.sendMail({
              envelope: { from: 'no-reply@cohost.localhost', to: `${prefix}${i + 1}@bench.example` },
              raw: sample,
            });
          }
        }),
      );
    };
    if (WARMUP > 0) await blast(WARMUP, 'warmup');
    const c0 = Date.now();
    const ceilingCpu0 = process.cpuUsage();
    await blast(N, 'member');
    const ceilingSeconds = (Date.now() - c0) / 1000;
    const ceilingCpu = process.cpuUsage(ceilingCpu0);
    transport.close();
    const ceiling = N / ceilingSeconds;

    console.log(
      `fan-out of ${N} update emails (${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}, concurrency ${CONCURRENCY} each, batch size ${process.env.MAIL_BATCH_SIZE ?? 'the default'}, message ${sample.length} bytes, after ${WARMUP} warm-up messages)`,
    );
    console.log(`  PATCH answered in            ${patchMs} ms`);
    console.log(`  PATCH -> last message        ${seconds.toFixed(2)} s`);
    console.log(
      `  PATCH -> first message       ${firstSeconds.toFixed(2)} s (then ${steadyRate.toFixed(0)} messages/s)`,
    );
    console.log(`  end to end                   ${rate.toFixed(0)} messages/s (target >= 650)`);
    console.log(
      `  worker CPU during fan-out    ${workerCpu.toFixed(2)} s (${((workerCpu * 1e6) / N).toFixed(0)} µs per message)`,
    );
    console.log(
      `  sink + api CPU in fan-out    ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(2)} s (${((benchCpu.user + benchCpu.system) / N).toFixed(0)} µs per message)`,
    );
    console.log(
      `  PostgreSQL / Redis CPU       ${postgresCpu.toFixed(2)} s / ${redisCpu.toFixed(2)} s (${((postgresCpu * 1e6) / N).toFixed(0)} / ${((redisCpu * 1e6) / N).toFixed(0)} µs per message)`,
    );
    console.log(`  machine CPU busy (all cores) ${(machineBusy * 100).toFixed(0)} % during the fan-out`);
    console.log(`  worker peak RSS              ${rss} MB (target <= 300)`);
    console.log(`  duplicates / missing         ${duplicates} / ${missing} (must be 0 / 0)`);
    console.log(`  ceiling (bare nodemailer)    ${ceiling.toFixed(0)} messages/s`);
    console.log(
      `  ceiling CPU (client + sink)  ${((ceilingCpu.user + ceilingCpu.system) / 1e6).toFixed(2)} s (${((ceilingCpu.user + ceilingCpu.system) / N).toFixed(0)} µs per message; one process)`,
    );
    console.log(`  ratio                        ${(rate / ceiling).toFixed(2)} (target >= 0.85)`);
    console.log(
      `  load average at the end      ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    if (duplicates > 0 || missing > 0) process.exitCode = 1;
  } finally {
    finished = true;
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await sink.close();
    await api.close();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
