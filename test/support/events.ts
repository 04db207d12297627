import { DataSource } from 'typeorm';
import type { CreateEventDto } from '../../apps/api/src/events/dto/event-input.dto';
import type { EventResponseDto } from '../../apps/api/src/events/dto/event-response.dto';
import { ApiHarness } from './api-harness';
import { createAgreement, createOrganizer, createPartner, TestOrganizer, TestPartner } from './factories';

export type EventJson = EventResponseDto;

/**
 * Next year (UTC): for tests that need fixed calendar dates (a day, a
 * termination on the 1st) which must stay in the future whenever they run.
 */
export const NEXT_YEAR = new Date().getUTCFullYear() + 1;

/** A span starting `daysAhead` days from now (whole minutes, UTC), `minutes` long. */
export function futureSpan(daysAhead = 30, minutes = 90): { startsAt: string; endsAt: string } {
  const start = new Date(Date.now() + daysAhead * 86_400_000);
  start.setUTCSeconds(0, 0);
  const end = new Date(start.getTime() + minutes * 60_000);
  return { startsAt: start.toISOString(), endsAt: end.toISOString() };
}

/** A draft created through the API by `organizer` (its partner hosts it). Defaults: 30 days ahead, 90 minutes. */
export async function createEvent(
  api: ApiHarness,
  organizer: TestOrganizer,
  overrides: Partial<CreateEventDto> = {},
): Promise<EventJson> {
  const body = {
    title: { en: 'Life Science Symposium', ja: 'ライフサイエンス・シンポジウム' },
    description: { en: 'Talks and a panel.', ja: '講演とパネル討論。' },
    ...futureSpan(),
    timezone: 'Asia/Tokyo',
    joinUrl: 'https://meet.example.org/j/123456',
    capacity: 100,
    ...overrides,
  } satisfies CreateEventDto;
  const res = await api.http.post('/api/v1/events').set(organizer.headers).send(body);
  if (res.status !== 201) throw new Error(`createEvent: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EventJson;
}

export async function publishEvent(api: ApiHarness, organizer: TestOrganizer, eventId: string): Promise<EventJson> {
  const res = await api.http.post(`/api/v1/events/${eventId}/publish`).set(organizer.headers);
  if (res.status !== 200) throw new Error(`publishEvent: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EventJson;
}

/** The host invites `partner` (an agreement covering the event must exist). */
export async function inviteCohost(
  api: ApiHarness,
  hostOrganizer: TestOrganizer,
  eventId: string,
  partner: Pick<TestPartner, 'slug'>,
): Promise<EventJson> {
  const res = await api.http
    .post(`/api/v1/events/${eventId}/cohosts`)
    .set(hostOrganizer.headers)
    .send({ partner: partner.slug });
  if (res.status !== 201) throw new Error(`inviteCohost: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EventJson;
}

/** An organizer of the invited partner accepts. */
export async function acceptCohost(
  api: ApiHarness,
  cohostOrganizer: TestOrganizer,
  eventId: string,
  partner: Pick<TestPartner, 'slug'>,
): Promise<EventJson> {
  const res = await api.http
    .post(`/api/v1/events/${eventId}/cohosts/${partner.slug}/accept`)
    .set(cohostOrganizer.headers);
  if (res.status !== 200) throw new Error(`acceptCohost: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EventJson;
}

export interface CohostedEvent {
  host: TestPartner;
  hostOrganizer: TestOrganizer;
  cohost: TestPartner;
  cohostOrganizer: TestOrganizer;
  event: EventJson;
}

/**
 * The common scene: a Tokyo host and a Copenhagen partner under an MOC, an
 * event co-hosted by both (invited and accepted) and, unless `publish` is
 * false, published.
 */
export async function createCohostedEvent(
  api: ApiHarness,
  options: { event?: Partial<CreateEventDto>; publish?: boolean } = {},
): Promise<CohostedEvent> {
  const host = await createPartner(api, { name: { en: 'Tokyo Life Science Hub', ja: '東京ライフサイエンスハブ' } });
  const cohost = await createPartner(api, {
    name: { en: 'Royal Danish Embassy' },
    country: 'DK',
    timezone: 'Europe/Copenhagen',
  });
  await createAgreement(api, host, cohost, {
    signedOn: '2025-12-20',
    effectiveFrom: '2026-01-01',
    expiresOn: '2036-01-01',
  });
  const hostOrganizer = await createOrganizer(api, host);
  const cohostOrganizer = await createOrganizer(api, cohost);
  let event = await createEvent(api, hostOrganizer, options.event);
  await inviteCohost(api, hostOrganizer, event.id, cohost);
  event = await acceptCohost(api, cohostOrganizer, event.id, cohost);
  if (options.publish !== false) event = await publishEvent(api, hostOrganizer, event.id);
  return { host, hostOrganizer, cohost, cohostOrganizer, event };
}

/** Runs SQL on the test database through the app's own DataSource (for checks the API does not expose). */
export function sql<T = Record<string, unknown>>(api: ApiHarness, text: string, params: unknown[] = []): Promise<T[]> {
  return api.app.get(DataSource).query(text, params);
}
