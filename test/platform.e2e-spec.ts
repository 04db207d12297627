import { schemaDrift } from '@cohost/database';
import { createTestDatabase, TestDatabase, unique } from '@cohost/testing';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { ApiHarness, bearer, startApi } from './support/api-harness';
import { until } from './support/polling';
import { assertBuilt, BUILT, childrenOf, freePort, run } from './support/processes';

describe('platform', () => {
  describe('in process', () => {
    let api: ApiHarness;
    beforeAll(async () => {
      api = await startApi();
    });
    afterAll(() => api.close());

    it('reports PostgreSQL and Redis up on /health and liveness on /health/live', async () => {
      const ready = await api.http.get('/api/v1/health').expect(200);
      expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
      const live = await api.http.get('/api/v1/health/live').expect(200);
      expect(live.body.status).toBe('ok');
    });

    it('serves the OpenAPI document with the partner, agreement and organizer routes', async () => {
      const res = await api.http.get('/docs-json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/partners',
          '/api/v1/partners/{slug}',
          '/api/v1/partners/{slug}/organizers',
          '/api/v1/agreements',
          '/api/v1/agreements/{id}/terminate',
          '/api/v1/health',
        ]),
      );
      expect(res.body.components.schemas.CreatePartnerDto.required).toEqual(
        expect.arrayContaining(['slug', 'name', 'country', 'timezone', 'contactEmail']),
      );
      expect(res.body.components.securitySchemes.bearer).toBeDefined();
      await api.http.get('/docs').expect(200).expect('content-type', /html/);
    });

    it('sends security headers and a request id', async () => {
      const res = await api.http.get('/api/v1/partners').set('x-request-id', 'req-123').expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-request-id']).toBe('req-123');
    });

    it('answers 503 naming Redis when Redis is down', async () => {
      const degraded = await startApi({ DATABASE_URL: api.config.database.url, REDIS_URL: 'redis://127.0.0.1:1' });
      try {
        const res = await degraded.http.get('/api/v1/health').expect(503);
        expect(res.body).toMatchObject({
          statusCode: 503,
          info: { database: { status: 'up' } },
          error: { redis: { status: 'down' } },
        });
        await degraded.http.get('/api/v1/health/live').expect(200);
      } finally {
        await degraded.app.close();
      }
    });

    it('has migrations that match the entities exactly', async () => {
      expect(await schemaDrift(api.app.get(DataSource))).toEqual([]);
    });
  });

  describe('built processes', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      assertBuilt();
      db = await createTestDatabase('proc');
    });
    afterAll(() => db.drop());

    const env = () => ({ DATABASE_URL: db.url, QUEUE_PREFIX: unique('proc'), LOG_LEVEL: 'info' });

    it('npm start runs api and worker on a database that does not exist yet, and stops cleanly on SIGTERM', async () => {
      const port = await freePort();
      const platform = run(BUILT.platform, [], { ...env(), PORT: String(port), HOST: '127.0.0.1' });
      await platform.waitFor(/\[api\].*listening on/);
      await platform.waitFor(/\[worker\].*worker started/);
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      platform.child.kill('SIGTERM');
      expect(await platform.exited).toBe(0);
      expect(platform.output()).toMatch(/\[api\] exited \(0\)/);
      expect(platform.output()).toMatch(/\[worker\] exited \(0\)/);
    });

    it('runs API_PROCESSES api processes on one port, replaces one that dies, and stops them all on SIGTERM', async () => {
      const port = await freePort();
      const api = run(BUILT.api, [], { ...env(), PORT: String(port), HOST: '127.0.0.1', API_PROCESSES: '2' });
      await api.waitFor(/listening on 127\.0\.0\.1:\d+ with 2 processes/, 60_000);
      const children = () => childrenOf(api.child.pid!);
      expect(children()).toHaveLength(2);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => r.status)),
      );
      expect(answers.every((status) => status === 200)).toBe(true);

      const [victim] = children();
      process.kill(victim, 'SIGKILL');
      await api.waitFor(new RegExp(`api process ${victim} exited \\(SIGKILL\\); starting another`));
      await until(() => children().length === 2 && !children().includes(victim), 'a replacement process', 30_000);
      await until(
        () =>
          fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
            (r) => r.status === 200,
            () => false,
          ),
        'the api answering after the replacement',
      );

      const before = children();
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      expect(before.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
    });

    it('with API_PROCESSES, exits 1 when the processes cannot listen', async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      try {
        const port = (taken.address() as AddressInfo).port;
        const api = run(BUILT.api, [], { ...env(), PORT: String(port), HOST: '127.0.0.1', API_PROCESSES: '2' });
        expect(await api.exited).toBe(1);
        expect(api.output()).toMatch(/exited \(1\) before it listened: stopping/);
      } finally {
        taken.close();
      }
    });

    it('warns loudly when Redis may evict keys', async () => {
      const port = await freePort();
      const redis = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'allkeys-lru'],
        {
          stdio: 'ignore',
        },
      );
      try {
        const worker = run(BUILT.worker, [], { ...env(), REDIS_URL: `redis://127.0.0.1:${port}` });
        await worker.waitFor(/worker started/);
        expect(worker.output()).toMatch(/!!! WARNING: Redis maxmemory-policy is "allkeys-lru", not "noeviction"/);
        worker.child.kill('SIGTERM');
        expect(await worker.exited).toBe(0);
      } finally {
        redis.kill('SIGKILL');
      }
    });

    it.each([
      ['api', BUILT.api],
      ['worker', BUILT.worker],
    ])('%s exits non-zero naming DATABASE_URL when it is invalid or unreachable', async (_, file) => {
      const invalid = run(file, [], { ...env(), DATABASE_URL: 'mysql://nope' });
      expect(await invalid.exited).not.toBe(0);
      expect(invalid.output()).toContain('DATABASE_URL');
      const unreachable = run(file, [], { ...env(), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/cohost' });
      expect(await unreachable.exited).not.toBe(0);
      expect(unreachable.output()).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/cohost \(DATABASE_URL\)/);
    });

    it.each([
      ['api', BUILT.api],
      ['worker', BUILT.worker],
    ])('%s exits non-zero naming REDIS_URL when Redis is unreachable', async (_, file) => {
      const proc = run(file, [], { ...env(), REDIS_URL: 'redis://127.0.0.1:1' });
      expect(await proc.exited).not.toBe(0);
      expect(proc.output()).toMatch(/Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\)/);
    });

    it('names every invalid variable', async () => {
      const proc = run(BUILT.api, [], { ...env(), PORT: 'eighty', LOG_LEVEL: 'loud' });
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toContain('PORT must be an integer');
      expect(proc.output()).toContain('LOG_LEVEL must be one of');
    });

    it('issues a working admin token from the CLI', async () => {
      const cli = run(BUILT.cli, ['admin-token', '--email', 'ops@hub.example'], env());
      expect(await cli.exited).toBe(0);
      const token = cli.output().trim().split('\n').pop()!;
      expect(token).toMatch(/^cohost_[A-Za-z0-9_-]{43}$/);

      const api = await startApi({ DATABASE_URL: db.url, ADMIN_TOKEN: undefined });
      try {
        await api.http
          .post('/api/v1/partners')
          .set(bearer(token))
          .send({
            slug: unique('cli'),
            name: { en: 'Via CLI' },
            country: 'JP',
            timezone: 'Asia/Tokyo',
            contactEmail: 'a@b.jp',
          })
          .expect(201);
      } finally {
        await api.app.close();
      }
    });

    it('refuses the CLI without an email', async () => {
      const cli = run(BUILT.cli, ['admin-token'], env());
      expect(await cli.exited).toBe(2);
      expect(cli.output()).toContain('--email');
    });
  });
});
