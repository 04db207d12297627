import { createTestDatabase, TestDatabase, unique } from '@cohost/testing';
import { assertBuilt, BUILT, freePort, run, Running } from './support/processes';

/** Logs of the built api as an operator sees them: the format and the start line. */
describe('api logs', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase('logs');
  });
  afterAll(() => db.drop());

  const start = async (env: Record<string, string>): Promise<{ api: Running; port: number }> => {
    const port = await freePort();
    const api = run(BUILT.api, [], {
      DATABASE_URL: db.url,
      QUEUE_PREFIX: unique('logs'),
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    });
    await api.waitFor(/listening on/);
    return { api, port };
  };
  const stop = async (api: Running) => {
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
  };

  it('writes JSON lines when stdout is not a terminal, and the start line names the port from PORT', async () => {
    const { api, port } = await start({});
    await stop(api);
    // Every log line is JSON (the loud Redis warning, if any, goes to stderr as text).
    const line = api
      .output()
      .split('\n')
      .find((l) => l.includes('listening on'))!;
    const started = JSON.parse(line) as { msg: string; name: string; level: number };
    expect(started).toMatchObject({ name: 'cohost-api', level: 30 });
    expect(started.msg).toContain(`listening on 127.0.0.1:${port}: http://127.0.0.1:${port}/`);
    // PUBLIC_BASE_URL unset: links follow PORT too.
    expect(started.msg).toContain(`(links point to http://localhost:${port}/)`);
    expect(started.msg).not.toContain(':3000');
  });

  it('writes pretty lines with LOG_FORMAT=pretty, and the public URL when PUBLIC_BASE_URL is set', async () => {
    const { api, port } = await start({ LOG_FORMAT: 'pretty', PUBLIC_BASE_URL: 'https://cohost.example.org' });
    await stop(api);
    const line = api
      .output()
      .split('\n')
      .find((l) => l.includes('listening on'))!;
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(cohost-api\): cohost api listening on /);
    expect(line).toContain(`http://127.0.0.1:${port}/ (links point to https://cohost.example.org/)`);
  });

  it('refuses an unknown LOG_FORMAT naming the variable', async () => {
    const api = run(BUILT.api, [], { DATABASE_URL: db.url, LOG_FORMAT: 'colour' });
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain('LOG_FORMAT must be one of pretty, json');
  });
});
