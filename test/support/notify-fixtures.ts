import { AppConfig, loadConfig } from '@cohost/config';
import {
  EventEntity,
  NotificationEntity,
  Outbox,
  RegistrationEntity,
  RegistrationNotificationKind,
} from '@cohost/database';
import { unique } from '@cohost/testing';
import { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createWorker } from '../../apps/worker/src/bootstrap';
import { ApiHarness, dataSourceOf } from './api-harness';
import { insertHostedEvent, writeRegistrationOutbox } from './factories';

export interface RegistrantSpec {
  email?: string;
  name?: string;
  locale?: 'ja' | 'en';
  timezone?: string;
  status?: 'confirmed' | 'waitlisted';
  shareWithCohosts?: boolean;
  confirmedAt?: Date;
}

/**
 * Registers people the way the registrations service does: the rows, the
 * seat counter and the outbox rows in one transaction (`notify: false`
 * inserts silently, e.g. for a fan-out under test).
 */
export async function register(
  api: ApiHarness,
  eventId: string,
  people: RegistrantSpec[],
  options: { notify?: boolean; manager?: EntityManager } = {},
): Promise<RegistrationEntity[]> {
  const work = async (manager: EntityManager) => {
    const now = Date.now();
    const rows = people.map((p, i) =>
      manager.create(RegistrationEntity, {
        eventId,
        email: p.email ?? `${unique('member')}@member.example`,
        name: p.name ?? 'Hanako Yamada',
        organization: 'Member Org',
        locale: p.locale ?? 'en',
        timezone: p.timezone ?? 'Europe/Copenhagen',
        shareWithCohosts: p.shareWithCohosts ?? false,
        status: p.status ?? 'confirmed',
        confirmedAt: (p.status ?? 'confirmed') === 'confirmed' ? (p.confirmedAt ?? new Date(now + i)) : null,
        waitlistedAt: p.status === 'waitlisted' ? new Date(now + i) : null,
      }),
    );
    const saved: RegistrationEntity[] = [];
    for (let i = 0; i < rows.length; i += 1000) saved.push(...(await manager.save(rows.slice(i, i + 1000))));
    const confirmed = saved.filter((r) => r.status === 'confirmed');
    const waitlisted = saved.filter((r) => r.status === 'waitlisted');
    await manager.increment(EventEntity, { id: eventId }, 'confirmedCount', confirmed.length);
    await manager.increment(EventEntity, { id: eventId }, 'waitlistedCount', waitlisted.length);
    if (options.notify !== false) {
      await writeRegistrationOutbox(
        manager,
        'registration.confirmed',
        confirmed.map((r) => r.id),
      );
      await writeRegistrationOutbox(
        manager,
        'registration.waitlisted',
        waitlisted.map((r) => r.id),
      );
    }
    return saved;
  };
  return options.manager ? work(options.manager) : dataSourceOf(api).transaction(work);
}

/**
 * A fan-out waiting to go: `registrants` confirmed people on a new event
 * (registered silently), then a reschedule, which writes one update row
 * each in one statement, as the events service does.
 */
export async function seedFanOut(api: ApiHarness, registrants: RegistrantSpec[] | number) {
  const seeded = await insertHostedEvent(api);
  const specs = typeof registrants === 'number' ? Array.from({ length: registrants }, () => ({})) : registrants;
  const people = await register(api, seeded.event.id, specs, { notify: false });
  await reschedule(api, seeded.event.id, 3600_000);
  return { ...seeded, people };
}

/** What the events service does on a reschedule: new times, SEQUENCE + 1 and one update row per confirmed registrant. */
export async function reschedule(api: ApiHarness, eventId: string, shiftMs: number): Promise<EventEntity> {
  return dataSourceOf(api).transaction(async (manager) => {
    const event = await manager.findOneOrFail(EventEntity, {
      where: { id: eventId },
      lock: { mode: 'pessimistic_write' },
    });
    const previous = { startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString() };
    event.startsAt = new Date(event.startsAt.getTime() + shiftMs);
    event.endsAt = new Date(event.endsAt.getTime() + shiftMs);
    event.sequence += 1;
    await manager.save(event);
    await Outbox.forConfirmedRegistrants(manager, 'event.updated', eventId, { data: { previous, changes: ['time'] } });
    return event;
  });
}

/** What the events service does on a cancellation. */
export async function cancelEvent(api: ApiHarness, eventId: string): Promise<void> {
  await dataSourceOf(api).transaction(async (manager) => {
    await manager.update(
      EventEntity,
      { id: eventId },
      { status: 'cancelled', sequence: () => 'sequence + 1', cancelledAt: new Date() },
    );
    await Outbox.forConfirmedRegistrants(manager, 'event.cancelled', eventId);
  });
}

export async function notificationsOf(api: ApiHarness, eventId: string): Promise<NotificationEntity[]> {
  return dataSourceOf(api).manager.find(NotificationEntity, { where: { eventId }, order: { id: 'ASC' } });
}

export type { RegistrationNotificationKind };

/** The worker's config for a test: the api's database and queue prefix, a test SMTP server, fast retries. */
export function workerConfig(api: ApiHarness, env: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: api.config.database.url,
    QUEUE_PREFIX: api.config.redis.queuePrefix,
    REDIS_URL: api.config.redis.url,
    LOG_LEVEL: 'silent',
    MAIL_DIR: api.config.mail.dir,
    PUBLIC_BASE_URL: 'https://cohost.example',
    MAIL_FROM: 'cohost <no-reply@cohost.example>',
    MAIL_RETRY_DELAY_MS: '100',
    OUTBOX_POLL_MS: '500',
    WORKER_LOCK_MS: '2000',
    WORKER_CONCURRENCY: '8',
    ...env,
  });
}

/** The production worker bootstrap, in process. */
export async function startWorker(
  api: ApiHarness,
  env: Record<string, string | undefined> = {},
): Promise<INestApplicationContext> {
  const config = workerConfig(api, env);
  const app = await createWorker(config, { logs: config.log.level !== 'silent' });
  await app.init();
  return app;
}
