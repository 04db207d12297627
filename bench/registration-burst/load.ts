import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { freePort, run, Running } from '../../test/support/processes';

/**
 * The ceiling: a bare Fastify + pg server doing the same registration with one
 * transaction per request (`ceiling-server.ts`), started on a free port.
 */
export async function startCeilingServer(
  databaseUrl: string,
  poolSize: string,
): Promise<{ server: Running; port: number }> {
  const port = await freePort();
  const server = run(join(__dirname, 'ceiling-server.ts'), [], {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: poolSize,
    PORT: String(port),
    NODE_OPTIONS: '-r @swc-node/register -r tsconfig-paths/register',
  });
  await server.waitFor(/ceiling listening/, 60_000);
  return { server, port };
}

export interface LoadResult {
  total: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Mean bytes of a response body. */
  bytes: number;
  statuses: Record<string, number>;
}

/**
 * Sends `total` requests from `connections` keep-alive connections, each
 * connection one request at a time (a closed loop, like autocannon), reads
 * each response body whole and measures each request's latency: POSTs of
 * JSON bodies when `body` is given (the registration benchmarks), GETs
 * otherwise (the pages benchmark).
 */
export async function load(options: {
  port: number;
  /** The same path for every request, or the path of request `i`. */
  path: string | ((i: number) => string);
  total: number;
  connections: number;
  body?: (i: number) => unknown;
  headers?: (i: number) => Record<string, string>;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies = new Float64Array(options.total);
  const statuses: Record<string, number> = {};
  let bytes = 0;
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const payload = options.body ? Buffer.from(JSON.stringify(options.body(i))) : undefined;
      const started = process.hrtime.bigint();
      const req = request(
        {
          host: '127.0.0.1',
          port: options.port,
          path: typeof options.path === 'string' ? options.path : options.path(i),
          method: payload ? 'POST' : 'GET',
          agent,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            ...options.headers?.(i),
          },
        },
        (res) => {
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => {
            latencies[i] = Number(process.hrtime.bigint() - started) / 1e6;
            const key = String(res.statusCode);
            statuses[key] = (statuses[key] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const begun = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      for (let i = next++; i < options.total; i = next++) await one(i);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - begun) / 1e9;
  agent.destroy();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    total: options.total,
    seconds,
    perSecond: options.total / seconds,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1],
    bytes: bytes / options.total,
    statuses,
  };
}

/** Waits until the api on `port` answers its health check (60 s at most), failing early if it exits. */
export async function ready(port: number, child: Running): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.child.exitCode !== null) throw new Error(`api exited:\n${child.output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`api did not become healthy in 60 s:\n${child.output()}`);
}
