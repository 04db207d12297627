import { createTestDatabase, TestDatabase, unique } from '@cohost/testing';
import { spawn } from 'node:child_process';
import { until } from './support/polling';
import { assertBuilt, BUILT, childrenOf, freePort, run, Running } from './support/processes';

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
    // PUBLIC_BASE_URL unset: links keep its default, and the line says so.
    expect(started.msg).toContain(`: http://127.0.0.1:${port}/ (links point to http://localhost:3000/)`);
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

  /**
   * A built entry point on a terminal of its own (util-linux `script` gives
   * it a pseudo-terminal as stdout), as a person starting it sees it; stopped
   * with SIGTERM like any other.
   */
  const onTerminal = async (file: string, patterns: RegExp[]): Promise<string> => {
    const port = await freePort();
    const term = spawn('script', ['-qfec', `exec ${process.execPath} ${file}`, '/dev/null'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TERM: 'xterm-256color',
        DATABASE_URL: db.url,
        QUEUE_PREFIX: unique('logs'),
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    term.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    term.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => term.on('exit', (code) => resolve(code)));
    try {
      await until(() => patterns.every((p) => p.test(output)), `${patterns.join(', ')} on the terminal`, 30_000);
    } finally {
      // The process `script` runs: it stops its own children on SIGTERM.
      for (const pid of childrenOf(term.pid!)) process.kill(pid, 'SIGTERM');
    }
    expect(await exited).toBe(0);
    return output;
  };
  const ESC = String.fromCharCode(27);

  it('writes colored pretty lines by itself when stdout is a terminal', async () => {
    const output = await onTerminal(BUILT.api, [/listening on/]);
    const line = output.split('\n').find((l) => l.includes('listening on'))!;
    expect(line).toContain(`${ESC}[`); // ANSI colors
    expect(line).toMatch(/INFO.*\(cohost-api\).*cohost api listening on 127\.0\.0\.1:\d+/);
    expect(output).not.toContain('{"level"');
  });

  it('npm start on a terminal shows both processes pretty, though they write to pipes', async () => {
    const output = await onTerminal(BUILT.platform, [/\[api\].*listening on/, /\[worker\].*worker started/]);
    expect(output).toMatch(/\[api\] .*INFO.*cohost api listening on/);
    expect(output).toMatch(/\[worker\] .*INFO.*cohost worker started/);
    expect(output).toContain(`${ESC}[`);
    expect(output).not.toContain('{"level"');
  });
});
