import { EventCohostEntity, EventEntity } from '@cohost/database';
import { unique } from '@cohost/testing';
import { DataSource, DeepPartial } from 'typeorm';
import { ApiHarness } from '../api-harness';
import { createOrganizer, createPartner, TestOrganizer, TestPartner } from './partners';

const HOUR = 3_600_000;

/** Join links of built events start with this (tests look for leaks of it). */
export const JOIN_URL_PREFIX = 'https://meet.example/join/';

/**
 * The row of an event as tests need one, before `overrides`: published and
 * public, starting in a week for two hours in Tokyo, unlimited seats, no
 * waitlist, no reminders, titles and descriptions in both languages, a
 * unique slug and join link. Inserted directly, without the events API
 * (whose rules its own specs test).
 */
export function eventRow(hostPartnerId: string, overrides: DeepPartial<EventEntity> = {}): DeepPartial<EventEntity> {
  const startsAt = new Date(Date.now() + 7 * 24 * HOUR);
  return {
    slug: unique('webinar'),
    hostPartnerId,
    titleEn: 'Gene therapy today',
    titleJa: '遺伝子治療の今',
    descriptionEn: 'A symposium',
    descriptionJa: 'シンポジウム',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * HOUR),
    timezone: 'Asia/Tokyo',
    capacity: null,
    waitlist: false,
    visibility: 'public',
    joinUrl: `${JOIN_URL_PREFIX}${unique('secret')}`,
    reminders: [],
    status: 'published',
    publishedAt: new Date(),
    ...overrides,
  };
}

/** Inserts `eventRow(hostPartnerId, overrides)` and returns the saved entity. */
export async function insertEvent(
  api: ApiHarness,
  hostPartnerId: string,
  overrides: DeepPartial<EventEntity> = {},
): Promise<EventEntity> {
  const manager = api.app.get(DataSource).manager;
  return manager.save(manager.create(EventEntity, eventRow(hostPartnerId, overrides)));
}

/** Makes `partnerId` a co-host of `eventId`, accepted unless said otherwise (answered now unless pending). */
export async function insertCohost(
  api: ApiHarness,
  eventId: string,
  partnerId: string,
  status: EventCohostEntity['status'] = 'accepted',
): Promise<void> {
  await api.app.get(DataSource).manager.insert(EventCohostEntity, {
    eventId,
    partnerId,
    status,
    respondedAt: status === 'pending' ? null : new Date(),
  });
}

export interface HostedEvent {
  event: EventEntity;
  host: TestPartner;
  organizer: TestOrganizer;
}

/**
 * A new host partner (`createPartner` defaults), one organizer of it, and
 * `insertEvent(api, host.id, overrides)`: for specs that need an event's
 * host or its organizer as well as the event.
 */
export async function insertHostedEvent(
  api: ApiHarness,
  overrides: DeepPartial<EventEntity> = {},
): Promise<HostedEvent> {
  const host = await createPartner(api);
  const organizer = await createOrganizer(api, host);
  return { event: await insertEvent(api, host.id, overrides), host, organizer };
}
