import { Counter, Histogram, Registry } from 'prom-client';
import { createRegistry } from './registry';

/** Where a registration ended: its status, or the code of the error that refused it. */
export type RegistrationOutcome = { outcome: 'confirmed' | 'waitlisted' } | { outcome: 'refused'; code: string };

/** Seconds; from a cache hit (~1 ms) to a request stuck behind a lock or a slow database. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The api process's metrics (see docs/operations.md for what each means).
 * One registry per instance, so several apps in one process (tests) never
 * share or double-register a metric.
 */
export class ApiMetrics {
  readonly registry: Registry;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly registrations: Counter<'outcome' | 'code'>;

  constructor(registry: Registry = createRegistry('api')) {
    this.registry = registry;
    this.httpDuration = new Histogram({
      name: 'cohost_http_request_duration_seconds',
      help: 'HTTP requests by method, route template (never the raw URL) and status, from arrival to the reply sent',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [registry],
    });
    this.registrations = new Counter({
      name: 'cohost_registrations_total',
      help: 'Registration requests that reached the register handler (API and pages), by outcome; refusals by error code',
      labelNames: ['outcome', 'code'],
      registers: [registry],
    });
  }

  /**
   * One finished request. `route` is the route template (`/api/v1/events/:id`),
   * `undefined` for a request no route matched (counted as `unmatched`, so a
   * scan of random URLs cannot grow the label set).
   */
  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    // ~0.7 µs on the development machine (bench/metrics/hook-cost.bench.ts); caching the labelled
    // child does not help: prom-client's child re-resolves its labels on every observe.
    this.httpDuration.observe({ method, route: route ?? 'unmatched', status: String(status) }, seconds);
  }

  registration(result: RegistrationOutcome): void {
    this.registrations.inc({ outcome: result.outcome, code: result.outcome === 'refused' ? result.code : '' });
  }
}
