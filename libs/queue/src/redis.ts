import type { ConnectionOptions } from 'bullmq';
import { Redis, RedisOptions } from 'ioredis';

export class RedisUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

/** `host:port` of a Redis URL, without credentials, for messages. */
export function describeRedisUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 6379}`;
}

/**
 * Options for BullMQ connections. Workers block on Redis commands, so they
 * must retry forever (`maxRetriesPerRequest: null`); producers in the api fail
 * fast instead, so a Redis outage never hangs an HTTP request.
 */
export function redisOptions(role: 'worker' | 'producer'): RedisOptions {
  return role === 'worker'
    ? { maxRetriesPerRequest: null, enableReadyCheck: true }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 };
}

export function createRedis(url: string, role: 'worker' | 'producer', extra: RedisOptions = {}): Redis {
  return new Redis(url, { ...redisOptions(role), ...extra });
}

export interface RedisCheck {
  maxmemoryPolicy: string | null;
  warnings: string[];
}

/**
 * Connects once, fails with a message naming REDIS_URL when Redis cannot be
 * reached, and reports settings that would lose queued jobs.
 */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<RedisCheck> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(
      `Cannot reach Redis at ${describeRedisUrl(url)} (REDIS_URL): ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    let policy: string | null = null;
    try {
      const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
      policy = reply[1] ?? null;
    } catch {
      // Managed Redis services may forbid CONFIG; nothing to check then.
    }
    const warnings =
      policy && policy !== 'noeviction'
        ? [
            `Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis will ` +
              'silently delete queued jobs and emails will be lost. Set maxmemory-policy noeviction.',
          ]
        : [];
    return { maxmemoryPolicy: policy, warnings };
  } finally {
    redis.disconnect();
  }
}

/** BullMQ connection options for a `redis://` URL (BullMQ opens its own connections). */
export function bullConnection(url: string, role: 'worker' | 'producer'): ConnectionOptions {
  return { url, ...redisOptions(role) } as ConnectionOptions;
}
