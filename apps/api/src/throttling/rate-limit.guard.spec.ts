import { expectPinned, unique } from '@cohost/testing';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Redis } from 'ioredis';
import { RateLimitedException, RateLimitGuard } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';

class RegistrationsController {
  register(): void {}
}

function httpContext(ip: string): ExecutionContext {
  const request = { ip, headers: {} };
  return {
    getType: () => 'http',
    getClass: () => RegistrationsController,
    getHandler: () => RegistrationsController.prototype.register,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ header: () => undefined }) }),
  } as unknown as ExecutionContext;
}

/**
 * RateLimitGuard extends ThrottlerGuard and reads its protected state
 * (`throttlers`, `commonOptions`, `storageService`, `getRequestResponse`):
 * these fail when an upgrade renames or reshapes any of it.
 */
describe('RateLimitGuard on ThrottlerGuard internals', () => {
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  });
  afterAll(() => redis.quit());

  it('is pinned: @nestjs/throttler', () => {
    expectPinned('@nestjs/throttler', 'ThrottlerGuard state read by RateLimitGuard in apps/api/src/throttling');
  });

  it('charges every counter of a request in ONE storage call, and refuses over the limit with Retry-After', async () => {
    const storage = new RedisThrottlerStorage(redis, `${unique('guard')}:`);
    const incrementAll = jest.spyOn(storage, 'incrementAll');
    const increment = jest.spyOn(storage, 'increment');
    const guard = new RateLimitGuard(
      {
        setHeaders: false,
        throttlers: [
          { name: 'per-ip', ttl: 60_000, limit: 2 },
          { name: 'per-ip-too', ttl: 60_000, limit: 5 },
        ],
      },
      storage,
      new Reflector(),
    );
    await guard.onModuleInit();

    const context = httpContext('192.0.2.7');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    await expect(guard.canActivate(context)).resolves.toBe(true);
    const refused = guard.canActivate(context);
    await expect(refused).rejects.toBeInstanceOf(RateLimitedException);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(incrementAll).toHaveBeenCalledTimes(3);
    expect(incrementAll.mock.calls[0][0].map((hit) => [hit.throttlerName, hit.limit])).toEqual([
      ['per-ip', 2],
      ['per-ip-too', 5],
    ]);
    // The stock per-counter path (one round trip each) was not taken.
    expect(increment).not.toHaveBeenCalled();
    await expect(guard.canActivate(httpContext('192.0.2.8'))).resolves.toBe(true);
  });
});
