import { applyDecorators, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '../http/error-body';

/** Which limits a route is subject to (see `throttling.module.ts`). */
export type RateLimitPolicy = 'register' | 'cancel';

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

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
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
