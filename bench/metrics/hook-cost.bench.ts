/**
 * Cost of the api's per-request metrics hook (`ApiMetrics.observeRequest`),
 * and of prom-client's `observe(labels, value)` alone, per request. Run:
 * `node -r @swc-node/register -r tsconfig-paths/register bench/metrics/hook-cost.bench.ts`
 */
import { ApiMetrics } from '@cohost/metrics';
import { Histogram, Registry } from 'prom-client';

const N = 1_000_000;
const routes = ['/api/v1/events/:id/registrations', '/events/:slug', '/', '/api/v1/events', undefined];
const statuses = [200, 201, 404, 409, 422];

function time(label: string, fn: (i: number) => void): void {
  for (let i = 0; i < 100_000; i++) fn(i); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start) / N;
  console.log(`${label}: ${ns.toFixed(0)} ns per request`);
}

const metrics = new ApiMetrics(new Registry());
time('ApiMetrics.observeRequest', (i) => metrics.observeRequest('POST', routes[i % 5], statuses[i % 5], 0.012));
const plain = new Histogram({
  name: 'plain',
  help: 'plain',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [new Registry()],
});
time('Histogram.observe(labels, value)', (i) =>
  plain.observe({ method: 'POST', route: routes[i % 5] ?? 'unmatched', status: String(statuses[i % 5]) }, 0.012),
);
