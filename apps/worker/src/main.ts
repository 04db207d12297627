import { closeOnSignals, loadConfig } from '@cohost/config';
import { ensureDatabase } from '@cohost/database';
import { checkRedis, describeRedisUrl } from '@cohost/queue';
import { Logger } from 'nestjs-pino';
import { createWorker } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.database.url);
  const redis = await checkRedis(config.redis.url);
  for (const warning of redis.warnings) {
    // Loud on purpose: eviction silently drops queued emails.
    console.error(`\n!!! WARNING: ${warning}\n`);
  }
  const app = await createWorker(config);
  const logger = app.get(Logger);
  closeOnSignals(app, (message) => logger.log(message));
  await app.init();
  logger.log(
    `cohost worker started (redis ${describeRedisUrl(config.redis.url)}, maxmemory-policy ${redis.maxmemoryPolicy ?? 'unknown'})`,
  );
}

main().catch((error: Error) => {
  console.error(`cohost worker failed to start: ${error.message}`);
  process.exit(1);
});
