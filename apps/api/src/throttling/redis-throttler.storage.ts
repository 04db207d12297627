import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';

/**
 * Fixed-window counter in one atomic step: INCR, start the window on the
 * first hit, report the hits and the milliseconds left. Atomic in Redis, so
 * every API instance sharing the Redis shares the count.
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if hits == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

type RedisWithHit = Redis & { cohostRateHit(key: string, ttlMs: number): Promise<[number, number]> };

/**
 * `@nestjs/throttler` storage on the api's shared Redis connection (the
 * Redis storage packages declare Nest ≤ 11 peers). A fixed window of `ttl`
 * per key: over `limit` hits, callers are blocked until the window ends, so
 * `blockDuration` is the window itself. When Redis is unreachable the limiter
 * lets requests through (logged): registrations must not fail because the
 * limiter's store is down.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: RedisWithHit;
  private lastFailure = 0;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    if (!('cohostRateHit' in redis)) redis.defineCommand('cohostRateHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as RedisWithHit;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    let hits: number;
    let remainingMs: number;
    try {
      [hits, remainingMs] = await this.redis.cohostRateHit(`${this.prefix}:rate:${throttlerName}:${key}`, ttl);
    } catch (error) {
      const now = Date.now();
      if (now - this.lastFailure > 10_000) {
        this.logger.warn(`Rate limiting is off while Redis fails: ${(error as Error).message}`);
        this.lastFailure = now;
      }
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
    const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}
