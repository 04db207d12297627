/**
 * Public pages benchmark (see README.md here). Not a test: it prints figures.
 * Needs the production build (`npm run build`), PostgreSQL and Redis.
 *
 *   npm run bench:pages                       # 5,000 requests a target, 50 connections
 *   BENCH_REQUESTS=2000 BENCH_EVENTS=40 npm run bench:pages
 */
import { createTestDatabase, unique } from '@cohost/testing';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { apiAssetDir } from '../../apps/api/src/pages/pages.setup';
import { assertBuilt, BUILT, freePort, run, Running } from '../../test/support/processes';
import { cpuUse, CpuUse, sampleCpu } from '../support/cpu';
import { load, LoadResult, ready } from '../registration-burst/load';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20);
const WARMUP = Math.min(500, Math.ceil(REQUESTS / 10));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type Measured = LoadResult & { cpu: CpuUse };

/** Visitors of the newsletter: half Japanese, half English, some with their zone cookie set by the script. */
function visitor(i: number): Record<string, string> {
  const lang = i % 2 ? 'ja' : 'en';
  const zone = i % 3 === 0 ? '; tz=Europe/Copenhagen' : '';
  return { cookie: `lang=${lang}${zone}`, 'accept-language': lang };
}

async function main(): Promise<void> {
  assertBuilt();
  const db = await createTestDatabase('bench');
  let api: Running | undefined;
  const staticFiles: string[] = [];
  try {
    const port = await freePort();
    // BENCH_API_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof": node flags for the api (profiles are written on exit).
    const flags = (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    api = run(flags[0] ?? BUILT.api, flags.length > 0 ? [...flags.slice(1), BUILT.api] : [], {
      DATABASE_URL: db.url,
      REDIS_URL,
      PORT: String(port),
      HOST: '127.0.0.1',
      QUEUE_PREFIX: unique('bench'),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    });
    await ready(port, api);
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const slug = await seed(pg);
    await pg.end();

    const server = api;
    const target = async (label: string, path: string, headers = visitor): Promise<Measured> => {
      await load({ port, path, total: WARMUP, connections: CONNECTIONS, headers });
      const before = sampleCpu(server.child.pid!);
      const result = await load({ port, path, total: REQUESTS, connections: CONNECTIONS, headers });
      const measured = { ...result, cpu: cpuUse(before, sampleCpu(server.child.pid!), REQUESTS) };
      console.log(row(label, measured));
      return measured;
    };
    /** The ceiling: the same Fastify instance sending a static file of the page's size (@fastify/static, /assets/). */
    const ceiling = (label: string, bytes: number): Promise<Measured> => {
      const name = `bench-pages-${process.pid}-${bytes}.html`;
      const file = join(apiAssetDir('public'), name);
      writeFileSync(
        file,
        randomBytes(Math.ceil(bytes / 2))
          .toString('hex')
          .slice(0, bytes),
      );
      staticFiles.push(file);
      return target(label, `/assets/${name}`, () => ({}));
    };

    console.log(
      `public pages: ${EVENTS} upcoming events listed, ${REQUESTS} requests a target, ${CONNECTIONS} connections, ` +
        'visitors alternating ja/en, a third with a zone cookie',
    );
    console.log(header());
    const index = await target('GET /', '/');
    const indexCeiling = await ceiling('static, same size', Math.round(index.bytes));
    const event = await target('GET /events/:slug', `/events/${slug}`);
    const eventCeiling = await ceiling('static, same size', Math.round(event.bytes));
    console.log('');
    const ratio = (a: Measured, b: Measured) => a.perSecond / b.perSecond;
    console.log(
      `ratio to the static ceiling: / ${ratio(index, indexCeiling).toFixed(2)}, event page ${ratio(event, eventCeiling).toFixed(2)} (target >= 0.5)`,
    );
    const failed = [index, event, indexCeiling, eventCeiling].some((m) =>
      Object.keys(m.statuses).some((s) => s !== '200'),
    );
    if (failed) {
      console.error('some requests did not answer 200');
      process.exitCode = 1;
    }
  } finally {
    for (const file of staticFiles) rmSync(file, { force: true });
    if (api) {
      api.child.kill('SIGTERM');
      await api.exited;
    }
    if (!process.env.BENCH_KEEP_DB) await db.drop();
  }
}

function header(): string {
  return 'target                  req/s  p50 ms  p99 ms  max ms   bytes  api µs/req  pg µs/req  busy statuses';
}

function row(label: string, m: Measured): string {
  return [
    label.padEnd(20),
    m.perSecond.toFixed(0).padStart(8),
    m.p50.toFixed(1).padStart(7),
    m.p99.toFixed(1).padStart(7),
    m.max.toFixed(0).padStart(7),
    m.bytes.toFixed(0).padStart(7),
    m.cpu.serverUs.toFixed(0).padStart(11),
    m.cpu.postgresUs.toFixed(0).padStart(10),
    `${(m.cpu.machineBusy * 100).toFixed(0)}%`.padStart(5),
    JSON.stringify(m.statuses),
  ].join(' ');
}

/** A hub with a few partners and EVENTS published webinars (each co-hosted, some with seats taken); the slug of one. */
async function seed(pg: Client): Promise<string> {
  const partner = async (slug: string, en: string, ja: string | null, zone: string) =>
    (
      await pg.query(
        `INSERT INTO partners (slug, name_en, name_ja, country, timezone, contact_email)
         VALUES ($1, $2, $3, 'JP', $4, 'bench@example.org') RETURNING id`,
        [slug, en, ja, zone],
      )
    ).rows[0].id as string;
  const hub = await partner('bench-hub', 'Tokyo Life Science Hub', '東京ライフサイエンスハブ', 'Asia/Tokyo');
  const partners = [
    await partner('bench-dk', 'Royal Danish Embassy', 'デンマーク大使館', 'Europe/Copenhagen'),
    await partner('bench-kyoto', 'Kyoto Bio Cluster', '京都バイオクラスター', 'Asia/Tokyo'),
    await partner('bench-osaka', 'Osaka Medical Network', null, 'Asia/Tokyo'),
  ];
  let first = '';
  for (let i = 0; i < EVENTS; i++) {
    const slug = `bench-webinar-${i + 1}`;
    const { rows } = await pg.query(
      `INSERT INTO events (slug, host_partner_id, title_en, title_ja, description_en, description_ja, starts_at, ends_at,
                           timezone, capacity, waitlist, join_url, status, published_at, confirmed_count)
       VALUES ($1, $2, $3, $4, $5, $6, now() + ($7 || ' days')::interval, now() + ($7 || ' days 2 hours')::interval,
               'Asia/Tokyo', $8, true, 'https://meet.example.org/bench', 'published', now(), $9)
       RETURNING id`,
      [
        slug,
        hub,
        `RNA therapeutics seminar no. ${i + 1}`,
        `RNA創薬セミナー 第${i + 1}回`,
        'Talks by researchers from Japan and Denmark, then a panel.\n\nQuestions welcome.',
        '日本とデンマークの研究者による講演とパネル討論。\n\n質疑応答あり。',
        String(3 + i),
        100 + i,
        (i * 7) % 100,
      ],
    );
    await pg.query(
      `INSERT INTO event_cohosts (event_id, partner_id, status, responded_at) VALUES ($1, $2, 'accepted', now())`,
      [rows[0].id, partners[i % partners.length]],
    );
    first ||= slug;
  }
  return first;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
