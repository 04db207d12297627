import { AppConfig, closeOnSignals, loadConfig } from '@cohost/config';
import { ensureDatabase } from '@cohost/database';
import { Logger } from 'nestjs-pino';
import { checkRedis } from '@cohost/queue';
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { createApi } from './bootstrap';
import { superviseApiProcesses } from './cluster';
import { firstStartHint, isFirstStart } from './first-start';
import { apiStartLine } from './start-line';

/** Checks what the api cannot run without, so a failure names its cause. */
async function preflight(config: AppConfig): Promise<void> {
  await ensureDatabase(config.database.url);
  const redis = await checkRedis(config.redis.url);
  for (const warning of redis.warnings) console.error(`\n!!! WARNING: ${warning}\n`);
}

async function serve(config: AppConfig): Promise<void> {
  const app = await createApi(config);
  const logger = app.get(Logger);
  closeOnSignals(app, (message) => logger.log(message));
  await app.listen({ port: config.http.port, host: config.http.host });
  if (cluster.isWorker) return;
  logger.log(apiStartLine(config, app.getHttpServer().address() as AddressInfo));
  if (await isFirstStart(config.database.url, (message) => logger.warn(message))) logger.log(firstStartHint(config));
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Several processes: the first one checks and migrates, then forks the
  // others, which share its port; see cluster.ts.
  if (cluster.isWorker) return serve(config);
  await preflight(config);
  if (config.http.processes > 1) return superviseApiProcesses(config);
  return serve(config);
}

main().catch((error: Error) => {
  console.error(`cohost api failed to start: ${error.message}`);
  process.exit(1);
});
