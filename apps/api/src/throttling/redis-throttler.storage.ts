import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';

/**
 * Fixed-window counters in one atomic step and one round trip: for each key
 * in order (ARGV holds its window in ms and its limit), INCR, start the
 * window on the first hit, report the hits and the milliseconds left; stop
 * after the first key over its limit, so later counters are not charged for
 * a refused request (as `ThrottlerGuard` checking them one after the other
 * would not reach them). Atomic in Redis, so every API instance sharing the
 * Redis shares the counts.
 */
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[2 * i - 1])
  local hits = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if hits == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = window
  end
  out[#out + 1] = hits
  out[#out + 1] = ttl
  if hits > tonumber(ARGV[2 * i]) then break end
end
return out
`;

export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One counter to charge: `ThrottlerStorage.increment`'s arguments. */
export interface RateHit {
  key: string;
  ttl: number;
  limit: number;
  throttlerName: string;
}

type RedisWithHit = Redis & {
  cohostRateHits(keyCount: number, ...keysThenArgs: (string | number)[]): Promise<number[]>;
};

const LET_THROUGH: ThrottlerStorageRecord = { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };

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
    if (!('cohostRateHits' in redis)) redis.defineCommand('cohostRateHits', { lua: HIT_SCRIPT });
    this.redis = redis as RedisWithHit;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [record] = await this.incrementAll([{ key, ttl, limit, throttlerName }]);
    return record ?? LET_THROUGH;
  }

  /**
   * Charges several counters of one request in one round trip, in order,
   * stopping after the first one over its limit: the records returned are
   * those charged (the last one blocked, if any). Empty when Redis fails.
   */
  async incrementAll(hits: readonly RateHit[]): Promise<ThrottlerStorageRecord[]> {
    let reply: number[];
    try {
      reply = await this.redis.cohostRateHits(
        hits.length,
        ...hits.map((hit) => `${this.prefix}:rate:${hit.throttlerName}:${hit.key}`),
        ...hits.flatMap((hit) => [hit.ttl, hit.limit]),
      );
    } catch (error) {
      const now = Date.now();
      if (now - this.lastFailure > 10_000) {
        this.logger.warn(`Rate limiting is off while Redis fails: ${(error as Error).message}`);
        this.lastFailure = now;
      }
      return [];
    }
    const records: ThrottlerStorageRecord[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) {
      const seconds = Math.max(1, Math.ceil(reply[i + 1] / 1000));
      const isBlocked = reply[i] > hits[i / 2].limit;
      records.push({
        totalHits: reply[i],
        timeToExpire: seconds,
        isBlocked,
        timeToBlockExpire: isBlocked ? seconds : 0,
      });
    }
    return records;
  }
}
