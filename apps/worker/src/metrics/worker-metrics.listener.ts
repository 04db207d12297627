import { AppConfig } from '@cohost/config';
import { startMetricsListener, WorkerMetrics } from '@cohost/metrics';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:http';

/**
 * The worker's `/metrics` on `WORKER_METRICS_PORT` (off when unset): a
 * node:http listener, the worker having no HTTP server of its own. With
 * `METRICS_TOKEN` it listens on `HOST` and asks for the token; without
 * one it listens on 127.0.0.1 only.
 */
@Injectable()
export class WorkerMetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsListener.name);
  private server: (Server & { port: number }) | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** The port it listens on (for tests that ask for port 0), or null. */
  get port(): number | null {
    return this.server?.port ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { workerMetricsPort: port, metricsToken: token } = this.config.operations;
    if (port === undefined) return;
    const host = token ? this.config.http.host : '127.0.0.1';
    this.server = await startMetricsListener(this.metrics.registry, { host, port, token });
    this.logger.log(`metrics on http://${host}:${this.server.port}/metrics${token ? ' (bearer token)' : ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
