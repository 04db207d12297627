import { expectPinned } from '@cohost/testing';
import { closeHandler } from 'ioredis/built/redis/event_handler';
import { createServer } from 'node:net';
import { ReplyError, type Redis } from 'ioredis';
import { bullClient, createRedis, describeRedisUrl, maxmemoryPolicyCheck, redisOptions } from './redis';

/** A loopback port nothing listens on: every connection attempt is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The next `event` of `client` (`events.once` would reject on the connection errors that come first). */
const next = (client: Redis, event: string) => new Promise<void>((resolve) => client.once(event, () => resolve()));

describe('redis connection options', () => {
  it('lets workers retry forever and producers fail fast', () => {
    expect(redisOptions('worker').maxRetriesPerRequest).toBeNull();
    expect(redisOptions('producer').maxRetriesPerRequest).toBe(1);
    expect(redisOptions('producer').enableOfflineQueue).toBe(false);
  });

  it('describes a URL without its credentials', () => {
    expect(describeRedisUrl('redis://:secret@10.0.0.1:6379/0')).toBe('10.0.0.1:6379');
  });
});

describe('closing a client that waits to reconnect', () => {
  it.each([
    ['a worker', (url: string) => createRedis(url, 'worker')],
    ['a BullMQ worker', (url: string) => bullClient(url, 'worker')],
  ])('ends %s client and fails the commands it held', async (_, open) => {
    const client = open(`redis://127.0.0.1:${await closedPort()}`);
    client.on('error', () => undefined);
    await next(client, 'reconnecting');
    const held = client.get('key');
    const ended = next(client, 'end');
    client.disconnect();
    await ended;
    expect(client.status).toBe('end');
    await expect(held).rejects.toThrow('Connection is closed');
  });

  it('ends a producer client, which holds no commands while away', async () => {
    const client = createRedis(`redis://127.0.0.1:${await closedPort()}`, 'producer');
    client.on('error', () => undefined);
    await next(client, 'reconnecting');
    await expect(client.get('key')).rejects.toThrow(/enableOfflineQueue/);
    const ended = next(client, 'end');
    await client.quit().catch(() => client.disconnect());
    await ended;
    expect(client.status).toBe('end');
  });

  it('gives BullMQ duplicates that close the same way', async () => {
    const client = bullClient(`redis://127.0.0.1:${await closedPort()}`, 'worker');
    client.disconnect();
    const copy = client.duplicate({ connectionName: 'blocking' });
    copy.on('error', () => undefined);
    await next(copy, 'reconnecting');
    const ended = next(copy, 'end');
    copy.disconnect();
    await ended;
    expect(copy.status).toBe('end');
  });
});

describe("ioredis's closeHandler (an ioredis internal)", () => {
  it('is pinned: ClosableRedis ends a client between reconnection attempts with it', () => {
    expectPinned(
      'ioredis',
      "closeHandler from 'ioredis/built/redis/event_handler', called by ClosableRedis.disconnect",
    );
    expect(typeof closeHandler).toBe('function');
  });
});

describe("reading Redis's maxmemory-policy", () => {
  const answering = (answer: () => Promise<unknown>) => ({ config: answer }) as unknown as Pick<Redis, 'config'>;

  it('warns about an evicting policy and accepts noeviction', async () => {
    const lru = await maxmemoryPolicyCheck(answering(async () => ['maxmemory-policy', 'allkeys-lru']));
    expect(lru.maxmemoryPolicy).toBe('allkeys-lru');
    expect(lru.warnings).toEqual([expect.stringContaining('"allkeys-lru", not "noeviction"')]);
    await expect(maxmemoryPolicyCheck(answering(async () => ['maxmemory-policy', 'noeviction']))).resolves.toEqual({
      maxmemoryPolicy: 'noeviction',
      warnings: [],
    });
  });

  it.each([
    "ERR unknown command 'CONFIG', with args beginning with: 'GET' 'maxmemory-policy' ",
    "NOPERM User app has no permissions to run the 'config|get' command",
  ])('has nothing to check when CONFIG is disabled (%s)', async (message) => {
    const check = await maxmemoryPolicyCheck(
      answering(async () => {
        throw new ReplyError(message);
      }),
    );
    expect(check).toEqual({ maxmemoryPolicy: null, warnings: [] });
  });

  it('warns, naming the cause, when the policy cannot be read for another reason', async () => {
    const check = await maxmemoryPolicyCheck(
      answering(async () => {
        throw new Error('Command timed out');
      }),
    );
    expect(check.warnings).toEqual([
      expect.stringContaining('Could not read Redis maxmemory-policy (Command timed out)'),
    ]);
    const loading = await maxmemoryPolicyCheck(
      answering(async () => {
        throw new ReplyError('LOADING Redis is loading the dataset in memory');
      }),
    );
    expect(loading.warnings).toHaveLength(1);
  });
});
