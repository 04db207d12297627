import { applyDecorators, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail, ThrottlerOptions } from '@nestjs/throttler';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '../http/error-body';
import { RateHit, RedisThrottlerStorage } from './redis-throttler.storage';

/** Which limits a route is subject to (see `throttling.module.ts`). */
export type RateLimitPolicy = 'register' | 'cancel' | 'sign-in';

const POLICY_KEY = 'cohost:rate-limit-policy';

export function policyOf(context: ExecutionContext): RateLimitPolicy | undefined {
  return Reflect.getMetadata(POLICY_KEY, context.getHandler()) as RateLimitPolicy | undefined;
}

/** A 429 that carries how long to wait; the exception filter turns it into `Retry-After`. */
export class RateLimitedException extends ThrottlerException {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests, please retry later');
  }
}

/**
 * `ThrottlerGuard` with one change of cost, not of behaviour: the counters a
 * request is subject to (per IP and per (event, email) on registering) are
 * charged in ONE Redis round trip instead of one each in series, with the
 * same keys, limits and windows; the first counter over its limit refuses
 * the request and the counters after it are not charged, as in the stock
 * guard. Anything this shortcut does not cover (another storage, headers,
 * computed limits, user-agent exemptions) goes through the stock guard.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const storage = this.storageService;
    if (!(storage instanceof RedisThrottlerStorage) || this.commonOptions.setHeaders !== false) {
      return super.canActivate(context);
    }
    const applicable: ThrottlerOptions[] = [];
    for (const throttler of this.throttlers) {
      const skipIf = throttler.skipIf ?? this.commonOptions.skipIf;
      if (skipIf?.(context)) continue;
      if (
        typeof throttler.limit !== 'number' ||
        typeof throttler.ttl !== 'number' ||
        throttler.setHeaders !== undefined ||
        throttler.ignoreUserAgents !== undefined ||
        this.commonOptions.ignoreUserAgents !== undefined
      ) {
        return super.canActivate(context);
      }
      applicable.push(throttler);
    }
    if (applicable.length === 0) return true;
    const { req } = this.getRequestResponse(context);
    const hits: (RateHit & { tracker: string })[] = [];
    for (const throttler of applicable) {
      const name = throttler.name ?? 'default';
      const getTracker = throttler.getTracker ?? this.commonOptions.getTracker!;
      const generateKey = throttler.generateKey ?? this.commonOptions.generateKey!;
      const tracker = await getTracker(req, context);
      hits.push({
        key: generateKey(context, tracker, name),
        ttl: throttler.ttl as number,
        limit: throttler.limit as number,
        throttlerName: name,
        tracker,
      });
    }
    const records = await storage.incrementAll(hits);
    for (const [i, record] of records.entries()) {
      if (!record.isBlocked) continue;
      const { key, ttl, limit, tracker } = hits[i];
      await this.throwThrottlingException(context, { ...record, key, ttl, limit, tracker });
    }
    return true;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedException(Math.max(1, detail.timeToBlockExpire));
  }
}

/** Limits a public route by client IP (and, for `register`, by email and event). */
export function RateLimit(policy: RateLimitPolicy) {
  return applyDecorators(
    SetMetadata(POLICY_KEY, policy),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After', type: ErrorBodyDto }),
  );
}
