import { AppConfig } from '@cohost/config';
import { emailKey } from '@cohost/domain';
import { REDIS } from '@cohost/queue';
import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { EventIdsService } from '../events/event-ids.service';
import { EventsModule } from '../events/events.module';
import { policyOf } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const MINUTE = 60_000;

interface RegisterRequest {
  body?: { email?: unknown };
  params?: { id?: string };
}

function registrantEmail(req: RegisterRequest): string | undefined {
  const email = req.body?.email;
  return typeof email === 'string' && email.length <= 254 ? emailKey(email) : undefined;
}

/**
 * Rate limits of the public routes, counted in Redis so that they hold across
 * API instances. Client IPs come from Fastify's `request.ip`, which honours
 * `TRUST_PROXY`. Only routes marked `@RateLimit(...)` are limited.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [EventsModule],
      inject: [AppConfig, REDIS, EventIdsService],
      useFactory: (config: AppConfig, redis: Redis, eventIds: EventIdsService) => ({
        storage: new RedisThrottlerStorage(redis, config.redis.queuePrefix),
        setHeaders: false,
        throttlers: [
          {
            name: 'register-ip',
            ttl: MINUTE,
            limit: config.rateLimits.registerPerIp,
            skipIf: (context) => policyOf(context) !== 'register',
          },
          {
            // The same address hammering one event, from however many IPs, and
            // whether the route names the event by its id or its slug.
            name: 'register-email',
            ttl: MINUTE,
            limit: config.rateLimits.registerPerEmail,
            skipIf: (context) =>
              policyOf(context) !== 'register' ||
              registrantEmail(context.switchToHttp().getRequest<RegisterRequest>()) === undefined,
            getTracker: async (req: RegisterRequest) => {
              const named = req.params?.id ?? '';
              const event = (await eventIds.idOf(named)) ?? named.toLowerCase();
              return `${event}|${registrantEmail(req) ?? ''}`;
            },
          },
          // The console's sign-in link requests: per client IP, and per address from any IP.
          {
            name: 'sign-in-ip',
            ttl: MINUTE,
            limit: config.console.signInPerIp,
            skipIf: (context) => policyOf(context) !== 'sign-in',
          },
          {
            name: 'sign-in-email',
            ttl: 60 * MINUTE,
            limit: config.console.signInPerEmail,
            skipIf: (context) =>
              policyOf(context) !== 'sign-in' ||
              registrantEmail(context.switchToHttp().getRequest<RegisterRequest>()) === undefined,
            getTracker: (req: RegisterRequest) => registrantEmail(req) ?? '',
          },
          {
            name: 'cancel-ip',
            ttl: MINUTE,
            limit: config.rateLimits.cancelPerIp,
            skipIf: (context) => policyOf(context) !== 'cancel',
          },
        ],
      }),
    }),
  ],
})
export class ThrottlingModule {}
