import { AppConfig, createRootLogger } from '@cohost/config';
import { aggregateClusterMetrics } from '@cohost/metrics';
import cluster, { type Worker } from 'node:cluster';
import { API_LOGGER_NAME } from './http/request-log';
import { firstStartHint, isFirstStart } from './first-start';
import { apiStartLine } from './start-line';

/**
 * `API_PROCESSES` > 1: this process forks that many api processes sharing
 * its port (node:cluster hands out the connections) and supervises them. One
 * Node process runs the api's JavaScript on one core; the api holds no state
 * a request needs from an earlier one in memory (rate limits live in Redis,
 * registrations are decided by PostgreSQL), so processes are interchangeable,
 * exactly like separate instances behind a load balancer.
 *
 * - A process that dies after it was serving is replaced (one second later).
 *   One that dies before it ever listened means the api cannot start: all
 *   stop and this process exits 1.
 * - SIGTERM / SIGINT: passed on to every process, each finishes its requests
 *   and closes (`closeOnSignals`); this one exits 0 when all are gone.
 */
export function superviseApiProcesses(config: AppConfig): Promise<void> {
  const log = createRootLogger(config, API_LOGGER_NAME);
  aggregateClusterMetrics(); // /metrics of any process answers for all of them
  const serving = new WeakSet<Worker>();
  let stopping = false;
  let listening = 0;

  const fork = () => cluster.fork();
  const stopAll = (exitCode: number) => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
    });
  };

  cluster.on('listening', (worker, address) => {
    serving.add(worker);
    if (++listening !== config.http.processes) return;
    log.info(apiStartLine(config, address, config.http.processes));
    void isFirstStart(config.database.url, (message) => log.warn(message)).then(
      (first) => first && log.info(firstStartHint(config)),
    );
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (!serving.has(worker)) {
      log.error(`an api process exited (${signal ?? code}) before it listened: stopping`);
      stopAll(1);
      return;
    }
    log.error(`api process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(() => !stopping && fork(), 1000).unref();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      log.info(`${signal} received: stopping the api processes`);
      stopAll(0);
    });
  }
  for (let i = 0; i < config.http.processes; i++) fork();
  return Promise.resolve();
}
