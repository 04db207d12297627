import { createTestDatabase, TestDatabase, unique } from '@cohost/testing';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { assertBuilt, BUILT, freePort, run } from './support/processes';

/** `npm run demo`'s entry in the build. */
const DEMO = join(__dirname, '..', 'dist/apps/api/apps/api/src/demo/main.js');

/**
 * Issue 16, "First start": `npm run demo` on a fresh database, again
 * (idempotent), and on databases it must not touch; the api's first-start
 * hint before and after.
 */
describe('npm run demo', () => {
  const databases: TestDatabase[] = [];
  const mailDirs: string[] = [];

  beforeAll(() => {
    assertBuilt();
    if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: run "npm run build" first (npm test does)`);
  });
  afterAll(async () => {
    for (const db of databases) await db.drop();
    for (const dir of mailDirs) rmSync(dir, { recursive: true, force: true });
  });

  async function fresh(): Promise<{ db: TestDatabase; env: Record<string, string>; sql: Client }> {
    const db = await createTestDatabase('demo');
    databases.push(db);
    const mailDir = join('var/test-mail', db.name);
    mailDirs.push(mailDir);
    const env = { DATABASE_URL: db.url, QUEUE_PREFIX: unique('test'), LOG_LEVEL: 'info', MAIL_DIR: mailDir };
    return { db, env, sql: new Client({ connectionString: db.url }) };
  }

  async function demo(env: Record<string, string>): Promise<{ code: number | string; output: string }> {
    const p = run(DEMO, [], env);
    const code = await p.exited;
    return { code, output: p.output() };
  }

  /** Starts the built api, waits for its start line (and a moment for what follows it), stops it. */
  async function apiStartOutput(env: Record<string, string>): Promise<string> {
    const api = run(BUILT.api, [], { ...env, PORT: String(await freePort()), HOST: '127.0.0.1', LOG_FORMAT: 'json' });
    try {
      await api.waitFor(/cohost api listening/, 60_000);
      await new Promise((r) => setTimeout(r, 1000));
      return api.output();
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
  }

  /** Row counts and the newest change of every table the demo writes: equal snapshots = nothing changed. */
  async function snapshot(sql: Client): Promise<Record<string, string>> {
    const tables = ['partners', 'agreements', 'organizers', 'hub_admins', 'member_organizations', 'events'];
    const more = ['registrations', 'notifications', 'invitations', 'event_cohosts', 'api_tokens'];
    const out: Record<string, string> = {};
    for (const t of [...tables, ...more]) {
      const { rows } = await sql.query(`SELECT count(*)::text AS n FROM ${t}`);
      out[t] = rows[0].n;
    }
    const { rows } = await sql.query(
      `SELECT (SELECT max(updated_at) FROM registrations)::text AS r, (SELECT max(updated_at) FROM events)::text AS e,
              (SELECT max(updated_at) FROM notifications)::text AS n`,
    );
    return { ...out, ...rows[0] };
  }

  it('fills an empty database with a believable hub, once, and sends nobody anything', async () => {
    const { env, sql } = await fresh();
    expect(await apiStartOutput(env)).toContain('npm run demo');

    const first = await demo(env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).toMatch(/Loaded: 5 partners/);
    expect(first.output).toContain('hub-admin@link-j.example');
    await sql.connect();
    try {
      const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
        (await sql.query(text, params)).rows as T[];

      const partners = await q<{ slug: string; name_en: string }>(`SELECT slug, name_en FROM partners`);
      expect(partners).toHaveLength(5);
      expect(partners.map((p) => p.slug)).toEqual(expect.arrayContaining(['link-j', 'royal-danish-embassy']));
      const agreements = await q<{ expired: boolean }>(
        `SELECT (expires_on IS NOT NULL AND expires_on < current_date) AS expired FROM agreements WHERE kind = 'MOC'`,
      );
      expect(agreements.length).toBeGreaterThanOrEqual(4);
      expect(agreements.filter((a) => a.expired)).toHaveLength(1);
      const [people] = await q<{ organizers: number; partners_with: number; admins: number; members: number }>(
        `SELECT (SELECT count(*)::int FROM organizers) AS organizers,
                (SELECT count(DISTINCT partner_id)::int FROM organizers) AS partners_with,
                (SELECT count(*)::int FROM hub_admins) AS admins,
                (SELECT count(*)::int FROM member_organizations) AS members`,
      );
      expect(people.partners_with).toBe(5);
      expect(people.admins).toBe(1);
      expect(people.members).toBeGreaterThanOrEqual(10);

      // Six webinars, each of the kinds the issue names.
      const events = await q<{
        status: string;
        visibility: string;
        capacity: number;
        confirmed_count: number;
        waitlisted_count: number;
        sequence: number;
        past: boolean;
        cohosts: number;
        attended: number;
        confirmed_rows: number;
        waitlisted_rows: number;
      }>(
        `SELECT e.status, e.visibility, e.capacity, e.confirmed_count, e.waitlisted_count, e.sequence,
                e.ends_at < now() AS past,
                (SELECT count(*)::int FROM event_cohosts c WHERE c.event_id = e.id AND c.status = 'accepted') AS cohosts,
                (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.attended) AS attended,
                (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') AS confirmed_rows,
                (SELECT count(*)::int FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted') AS waitlisted_rows
           FROM events e`,
      );
      expect(events).toHaveLength(6);
      expect(events.filter((e) => e.cohosts > 0).length).toBeGreaterThanOrEqual(1);
      expect(events.filter((e) => e.visibility === 'invite_only')).toHaveLength(1);
      expect(events.filter((e) => e.confirmed_count === e.capacity && e.waitlisted_count > 0)).toHaveLength(1);
      expect(events.filter((e) => e.status === 'cancelled')).toHaveLength(1);
      expect(events.filter((e) => e.status === 'published' && e.sequence > 0 && !e.past)).toHaveLength(1);
      expect(events.filter((e) => e.past && e.attended > 0 && e.attended < e.confirmed_rows)).toHaveLength(1);
      // The seat counters agree with the rows (written through the registration path, not around it).
      for (const e of events) {
        expect([e.confirmed_count, e.waitlisted_count]).toEqual([e.confirmed_rows, e.waitlisted_rows]);
      }

      // A few hundred registrants in both languages, at the roster's member organizations.
      const registrants = await q<{ email: string; name: string; locale: string; member: boolean }>(
        `SELECT r.email, r.name, r.locale,
                EXISTS (SELECT 1 FROM member_organization_domains d WHERE d.domain = split_part(lower(r.email), '@', 2)) AS member
           FROM registrations r`,
      );
      expect(registrants.length).toBeGreaterThanOrEqual(200);
      expect(registrants.every((r) => r.member)).toBe(true);
      const ja = registrants.filter((r) => r.locale === 'ja');
      const en = registrants.filter((r) => r.locale === 'en');
      expect(ja.length).toBeGreaterThan(50);
      expect(en.length).toBeGreaterThan(50);
      expect(ja.some((r) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(r.name))).toBe(true);
      expect(en.some((r) => /^[A-ZØÜ][a-zøüñ]+ [A-ZØÜ]/.test(r.name))).toBe(true);

      // Every email the demo caused is recorded, and none is waiting to be sent.
      const mail = await q<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM notifications GROUP BY status`,
      );
      expect(mail).toEqual([{ status: 'skipped', n: expect.any(Number) }]);
      expect(mail[0].n).toBeGreaterThan(registrants.length);

      const before = await snapshot(sql);
      const second = await demo(env);
      expect(second.code).toBe(0);
      expect(second.output).toMatch(/already loaded/);
      expect(await snapshot(sql)).toEqual(before);
    } finally {
      await sql.end();
    }

    // The hint is for an empty database only; nothing was mailed meanwhile.
    expect(await apiStartOutput(env)).not.toContain('npm run demo');
    expect(existsSync(env.MAIL_DIR) ? readdirSync(env.MAIL_DIR) : []).toEqual([]);
  }, 180_000);

  it('refuses while a worker could mail the registrants, and on a database that holds other data', async () => {
    const { env, sql } = await fresh();
    const worker = run(BUILT.worker, [], env);
    try {
      await worker.waitFor(/cohost worker started/, 60_000);
      await new Promise((r) => setTimeout(r, 500)); // its outbox listener connects just after
      const refused = await demo(env);
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/worker is connected/);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }

    await sql.connect();
    try {
      await sql.query(
        `INSERT INTO partners (slug, name_en, country, timezone, contact_email)
         VALUES ('tokyo-hub', 'Tokyo Hub', 'JP', 'Asia/Tokyo', 'hub@tokyo.example')`,
      );
      const before = await snapshot(sql);
      const other = await demo(env);
      expect(other.code).toBe(1);
      expect(other.output).toMatch(/Refusing to load the demo: this database already holds data \(1 partners/);
      expect(await snapshot(sql)).toEqual(before);
    } finally {
      await sql.end();
    }
  }, 120_000);
});
