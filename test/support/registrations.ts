import {
  CancelTokenEntity,
  EventEntity,
  InvitationEntity,
  mintCancelToken,
  mintInvitationCode,
} from '@cohost/database';
import { unique } from '@cohost/testing';
import request from 'supertest';
import { createApi } from '../../apps/api/src/bootstrap';
import type { RegisterDto } from '../../apps/api/src/registrations/dto/register.dto';
import { ApiHarness, dataSourceOf, startApi } from './api-harness';
import { createPartner, TestPartner } from './factories';

/** Rate limits high enough that tests exercising concurrency are not throttled. */
export const UNTHROTTLED = {
  RATE_LIMIT_REGISTER_PER_MIN: '1000000',
  RATE_LIMIT_REGISTER_EMAIL_PER_MIN: '1000000',
  RATE_LIMIT_CANCEL_PER_MIN: '1000000',
  RATE_LIMIT_CANCEL_PAGE_PER_MIN: '1000000',
  RATE_LIMIT_JOIN_PAGE_PER_MIN: '1000000',
};

/**
 * An api as the registration specs need it, on a database of its own:
 * unthrottled, listening on a free local port (concurrent requests then share
 * one server; supertest would otherwise start one per request), and a host
 * partner for the events each test seeds. Close it with `api.close()`.
 */
export async function startRegistrationsApi(): Promise<{ api: ApiHarness; host: TestPartner }> {
  const api = await startApi(UNTHROTTLED);
  try {
    await api.app.listen(0, '127.0.0.1');
    return { api, host: await createPartner(api) };
  } catch (error) {
    await api.close();
    throw error;
  }
}

export function registrationBody(overrides: Partial<RegisterDto> = {}): RegisterDto {
  return {
    email: `${unique('member')}@example.jp`,
    name: '山田 花子',
    organization: 'Kyoto Bio Labs',
    locale: 'ja',
    consent: { shareWithCohosts: true },
    ...overrides,
  } satisfies RegisterDto;
}

export function register(api: ApiHarness, event: Pick<EventEntity, 'id'>, overrides: Partial<RegisterDto> = {}) {
  return api.http.post(`/api/v1/events/${event.id}/registrations`).send(registrationBody(overrides));
}

/** What the confirmation email would carry: a freshly minted cancel token. */
export function cancelTokenFor(api: ApiHarness, registrationId: string): Promise<string> {
  return mintCancelToken(dataSourceOf(api).manager, registrationId);
}

/** What the invitation email would carry: a freshly minted code for the invitation of `email`. */
export async function invitationCodeFor(
  api: ApiHarness,
  event: Pick<EventEntity, 'id'>,
  email: string,
): Promise<string> {
  const invitation = await dataSourceOf(api)
    .getRepository(InvitationEntity)
    .createQueryBuilder('i')
    .where('i.event_id = :event AND lower(i.email) = lower(:email)', { event: event.id, email })
    .getOneOrFail();
  return mintInvitationCode(dataSourceOf(api).manager, invitation.id);
}

export async function tokenCount(api: ApiHarness, registrationId: string): Promise<number> {
  return dataSourceOf(api).getRepository(CancelTokenEntity).countBy({ registrationId });
}

export interface SeatState {
  confirmedCount: number;
  waitlistedCount: number;
  confirmedRows: number;
  waitlistedRows: number;
}

/** The event's counters next to what its rows say. */
export async function seats(api: ApiHarness, event: Pick<EventEntity, 'id'>): Promise<SeatState> {
  const [row] = (await dataSourceOf(api).query(
    `SELECT e.confirmed_count, e.waitlisted_count,
            (SELECT count(*)::int FROM registrations WHERE event_id = e.id AND status = 'confirmed') AS confirmed_rows,
            (SELECT count(*)::int FROM registrations WHERE event_id = e.id AND status = 'waitlisted') AS waitlisted_rows
       FROM events e WHERE e.id = $1`,
    [event.id],
  )) as Array<Record<string, number>>;
  return {
    confirmedCount: row.confirmed_count,
    waitlistedCount: row.waitlisted_count,
    confirmedRows: row.confirmed_rows,
    waitlistedRows: row.waitlisted_rows,
  };
}

/** Outbox rows of one registration, by kind. */
export async function outboxKinds(api: ApiHarness, registrationId: string): Promise<string[]> {
  const rows = (await dataSourceOf(api).query(`SELECT kind FROM notifications WHERE registration_id = $1 ORDER BY id`, [
    registrationId,
  ])) as Array<{ kind: string }>;
  return rows.map((r) => r.kind);
}

/**
 * A second API instance on the first one's database and Redis prefix, as a
 * second replica behind a load balancer would be. Closing it leaves the
 * database to the first harness.
 */
export async function startSecondInstance(first: ApiHarness): Promise<Pick<ApiHarness, 'app' | 'http' | 'close'>> {
  const app = await createApi(first.config, { logs: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: request(app.getHttpServer()), close: () => app.close() };
}
