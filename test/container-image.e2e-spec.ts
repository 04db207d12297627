import { createTestDatabase, TestDatabase, unique } from '@cohost/testing';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  copyBuildContext,
  dockerIgnores,
  emulate,
  hostArgv,
  parseDockerfile,
  readDockerignore,
  StageResult,
} from './support/dockerfile';
import { freePort, Running } from './support/processes';

const ROOT = join(__dirname, '..');
const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const final = dockerfile.stages[dockerfile.stages.length - 1];

describe('Dockerfile and .dockerignore', () => {
  it('builds every stage on Node 24 slim', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile.stages) expect(stage.image).toMatch(/^node:24(\.\d+){0,2}-slim$/);
  });

  it('installs production dependencies only, runs as a user other than root and checks /api/v1/health/live', () => {
    const steps = final.instructions.map((i) => `${i.keyword} ${i.args}`);
    expect(steps).toContainEqual(expect.stringMatching(/^RUN npm ci --omit=dev\b/));
    expect(steps.filter((s) => s.startsWith('RUN npm run build'))).toEqual([]);
    const user = final.instructions.filter((i) => i.keyword === 'USER').pop();
    expect(user?.args).toMatch(/^(?!root\b|0\b)\S+/);
    expect(steps).toContainEqual(expect.stringMatching(/^HEALTHCHECK CMD .*\/api\/v1\/health\/live/));
  });

  it.each(['node_modules', 'dist', '.env', '.git/HEAD', '.cache/node/24.22.3/bin/node', 'var/mail/x.eml', 'debug.log'])(
    'keeps %s out of the build context',
    (path) => expect(dockerIgnores(readDockerignore(ROOT), path)).toBe(true),
  );

  it.each([
    'package.json',
    'package-lock.json',
    'apps/api/src/main.ts',
    'apps/api/views/layout.eta',
    'libs/config/src/index.ts',
  ])('sends %s to the build', (path) => expect(dockerIgnores(readDockerignore(ROOT), path)).toBe(false));
});

/**
 * Slow (a clean install, a build and a production install: a few minutes),
 * so it runs when COHOST_TEST_CONTAINER_IMAGE=1: `.ci/run` sets it on its
 * Node 24 pass, the Node of the image. Run it alone with
 * `COHOST_TEST_CONTAINER_IMAGE=1 npx jest test/container-image.e2e-spec.ts`.
 */
const slow = process.env.COHOST_TEST_CONTAINER_IMAGE === '1' ? describe : describe.skip;

slow('container image, built and started without Docker (slow; CI sets COHOST_TEST_CONTAINER_IMAGE=1)', () => {
  let work: string;
  let image: StageResult;
  let db: TestDatabase;
  const nodeBin = dirname(process.execPath);
  const path = `${nodeBin}:${process.env.PATH ?? ''}`;
  const steps: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'cohost-image-'));
    db = await createTestDatabase('image');
    const context = join(work, 'context');
    copyBuildContext(ROOT, context);
    const stages = await emulate(dockerfile, {
      context,
      work: join(work, 'stages'),
      runEnv: {
        PATH: path,
        HOME: process.env.HOME ?? '',
        // The machine's npm cache stands for the Dockerfile's cache mount.
        npm_config_prefer_offline: 'true',
        npm_config_update_notifier: 'false',
      },
      log: (line) => steps.push(line),
    });
    image = stages[final.name];
  }, 900_000);

  afterAll(async () => {
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** `docker run IMAGE ...args`: the entry point with these arguments (or CMD), in the final stage's folder. */
  const start = (args: string[], env: Record<string, string> = {}): Running => {
    const [file, ...rest] = hostArgv(image, [...image.entrypoint, ...(args.length > 0 ? args : image.cmd)]);
    const child = spawn(file, rest, {
      cwd: join(image.root, image.workdir),
      env: {
        ...image.env,
        PATH: path,
        DATABASE_URL: db.url,
        QUEUE_PREFIX: unique('image'),
        LOG_FORMAT: 'json',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | string>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return {
      child,
      output: () => output,
      exited,
      waitFor: async (pattern, timeoutMs = 60_000) => {
        const deadline = Date.now() + timeoutMs;
        while (!pattern.test(output)) {
          if (child.exitCode !== null || Date.now() > deadline) {
            throw new Error(`no ${pattern} from the image's process; output:\n${output}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
    };
  };

  const healthcheck = (env: Record<string, string>): Promise<number | null> => {
    const [file, ...args] = hostArgv(image, image.healthcheck!.argv);
    const child = spawn(file, args, { env: { ...image.env, PATH: path, ...env }, stdio: 'ignore' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  };

  it('holds the build output, the pages assets and no development dependencies', () => {
    const app = join(image.root, image.workdir);
    expect(existsSync(join(app, 'dist/apps/api/apps/api/src/main.js'))).toBe(true);
    expect(existsSync(join(app, 'apps/api/views/layout.eta'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/@nestjs/core'))).toBe(true);
    // (typescript is there: @nestjs/swagger depends on it.)
    const devOnly = ['jest', 'ts-jest', '@nestjs/cli', '@nestjs/testing', 'eslint', 'playwright-core', 'supertest'];
    expect(devOnly.filter((name) => existsSync(join(app, 'node_modules', name)))).toEqual([]);
    expect(existsSync(join(app, 'apps/api/src'))).toBe(false);
  });

  it('starts the api by default, which serves the API and the pages and passes the HEALTHCHECK', async () => {
    const port = await freePort();
    const env = { PORT: String(port), HOST: '127.0.0.1' };
    const api = start([], env);
    try {
      await api.waitFor(/listening on 127\.0\.0\.1:\d+/);
      expect(await healthcheck(env)).toBe(0);
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/api/v1/health`)).status).toBe(200);
      const page = await fetch(`${base}/?lang=en`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      expect((await fetch(`${base}/assets/pages.css`)).status).toBe(200);
      expect((await fetch(`${base}/docs-json`)).status).toBe(200);
    } finally {
      api.child.kill('SIGTERM');
    }
    expect(await api.exited).toBe(0);
    // Nothing listens any more: the check fails.
    expect(await healthcheck(env)).not.toBe(0);
  });

  it('starts the worker with `worker` and runs the cli with `cli ...`', async () => {
    const worker = start(['worker']);
    try {
      await worker.waitFor(/worker started/);
    } finally {
      worker.child.kill('SIGTERM');
    }
    expect(await worker.exited).toBe(0);

    const cli = start(['cli', 'admin-token', '--email', 'ops@hub.example']);
    expect(await cli.exited).toBe(0);
    expect(cli.output().trim().split('\n').pop()).toMatch(/^cohost_[A-Za-z0-9_-]{43}$/);
  });
});
