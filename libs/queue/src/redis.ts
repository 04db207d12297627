import type { ConnectionOptions } from 'bullmq';
import { Redis, RedisOptions, ReplyError } from 'ioredis';
import { closeHandler } from 'ioredis/built/redis/event_handler';

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

/**
 * An ioredis client that can be closed while it waits to reconnect.
 *
 * Between two connection attempts ioredis's `disconnect()` only cancels the
 * next attempt: no socket is left whose closing would end the client, so it
 * never reaches `end` and the commands it holds never settle (ioredis #1247).
 * BullMQ's `Worker.close()` waits for that `end` on its blocking connection:
 * a worker stopped while Redis was away, or before its connections were back
 * after Redis returned, never finished closing, and its lock-renewal timer
 * ran on (bullmq #4656). Here such a disconnect ends the client the way
 * ioredis ends one whose socket closed: status `end`, pending commands
 * rejected.
 */
export class ClosableRedis extends Redis {
  override disconnect(reconnect = false): void {
    const betweenAttempts = !reconnect && this.status === 'reconnecting';
    super.disconnect(reconnect);
    if (betweenAttempts) closeHandler(this)();
  }

  /** BullMQ opens a worker's connections by duplicating the client it is given. */
  override duplicate<O extends Partial<RedisOptions> | undefined = undefined>(override?: O) {
    const copy = new ClosableRedis({ ...this.options, ...override } as ClosableRedisOptions);
    return copy as unknown as ReturnType<typeof Redis.prototype.duplicate<O>>;
  }
}

/** Options of a {@link ClosableRedis}: replies as ioredis gives them by default. */
type ClosableRedisOptions = RedisOptions & { replyMapping?: 'legacy' };

/**
 * A client of cohost's: a {@link ClosableRedis} with the options of its role.
 * A disconnect destroys the socket at once rather than up to 2 s later; a
 * client disconnected between two attempts would otherwise leave that timer
 * behind for a socket that closed already.
 */
export function createRedis(url: string, role: 'worker' | 'producer', extra: RedisOptions = {}): Redis {
  const options = { disconnectTimeout: 0, ...redisOptions(role), ...extra };
  return new ClosableRedis(url, options as ClosableRedisOptions);
}

/** BullMQ's own retry delay for the connections it opens from options: 1 s, growing to 20 s. */
function bullmqRetryDelay(attempt: number): number {
  return Math.max(Math.min(Math.exp(attempt), 20_000), 1000);
}

/**
 * A client for a BullMQ `Queue` or `Worker`, which runs its commands on it
 * (a worker also duplicates it for its blocking connection, and closes that
 * one itself). The caller closes it, after the queue or worker.
 */
export function bullClient(url: string, role: 'worker' | 'producer'): Redis {
  const client = createRedis(url, role, { retryStrategy: bullmqRetryDelay });
  // BullMQ reports its connections' errors as the queue's or worker's; none to report once it is closed.
  client.on('error', () => undefined);
  return client;
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
    return await maxmemoryPolicyCheck(redis);
  } finally {
    redis.disconnect();
  }
}

/**
 * Redis's answer when CONFIG is off for this client: renamed away or not
 * offered by a managed service (`ERR unknown command 'CONFIG'...`), or
 * refused by an ACL (`NOPERM ...`). Nothing to check then.
 */
export function isConfigDisabled(error: unknown): boolean {
  return error instanceof ReplyError && /^(ERR unknown command\b|NOPERM\b)/.test((error as Error).message);
}

/**
 * Reads `maxmemory-policy` and warns unless it is `noeviction`. A Redis
 * without CONFIG has nothing to check; any other failure (a timeout, a lost
 * connection) becomes a warning that the policy could not be read.
 */
export async function maxmemoryPolicyCheck(redis: Pick<Redis, 'config'>): Promise<RedisCheck> {
  let reply: unknown;
  try {
    reply = await redis.config('GET', 'maxmemory-policy');
  } catch (error) {
    if (isConfigDisabled(error)) return { maxmemoryPolicy: null, warnings: [] };
    return {
      maxmemoryPolicy: null,
      warnings: [
        `Could not read Redis maxmemory-policy (${(error as Error).message}): make sure it is "noeviction", ` +
          'or Redis may delete queued jobs under memory pressure.',
      ],
    };
  }
  const policy = (reply as string[])[1] ?? null;
  const warnings =
    policy && policy !== 'noeviction'
      ? [
          `Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis will ` +
            'silently delete queued jobs and emails will be lost. Set maxmemory-policy noeviction.',
        ]
      : [];
  return { maxmemoryPolicy: policy, warnings };
}

/** BullMQ connection options for a `redis://` URL (BullMQ opens its own connections). */
export function bullConnection(url: string, role: 'worker' | 'producer'): ConnectionOptions {
  return { url, ...redisOptions(role) } as ConnectionOptions;
}
