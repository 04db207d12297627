import { AppConfig } from '@cohost/config';
import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createRedis } from './redis';

/** Injection token of the shared, fail-fast Redis connection of a process. */
export const REDIS = Symbol('REDIS');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * One Redis connection for commands that must not wait when Redis is down
 * (health checks, rate-limit counters, enqueueing): they fail fast instead.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // Commands issued in the same tick (e.g. the rate-limit checks of concurrent requests) go in one write.
        const redis = createRedis(config.redis.url, 'producer', { enableAutoPipelining: true });
        const logger = new Logger('Redis');
        let lastError = '';
        redis.on('error', (error: Error) => {
          if (error.message !== lastError) logger.warn(`Redis connection problem: ${error.message}`);
          lastError = error.message;
        });
        redis.on('ready', () => (lastError = ''));
        return redis;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
