import { Agent, request } from 'node:http';

export interface GetLoadResult {
  total: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  bytes: number;
  statuses: Record<string, number>;
}

/**
 * Sends `total` GETs of `path` from `connections` keep-alive connections,
 * each one request at a time (a closed loop, like autocannon and the
 * registration benchmark's `load`), reading each body whole.
 */
export async function loadGet(options: {
  port: number;
  path: string;
  total: number;
  connections: number;
  headers?: (i: number) => Record<string, string>;
}): Promise<GetLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies = new Float64Array(options.total);
  const statuses: Record<string, number> = {};
  let bytes = 0;
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = request(
        { host: '127.0.0.1', port: options.port, path: options.path, agent, headers: options.headers?.(i) ?? {} },
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
      req.end();
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
