import { EventCohostEntity, EventEntity, PartnerEntity } from '@cohost/database';
import { UnavailableReason } from '@cohost/domain';
import { formatInstant, formatSpan } from '../../pages/page-format';
import { pick } from '../../pages/page-views';
import { CONSOLE_PATHS } from '../console-paths';
import type { OrganizerKey } from './i18n/en';

export type OrganizerLocale = 'ja' | 'en';
export type OrganizerTranslate = (key: OrganizerKey, params?: Record<string, string | number>) => string;

export interface ViewCtx {
  t: OrganizerTranslate;
  locale: OrganizerLocale;
  /** The zone lists show times in (the organizer's partner's); the event's own zone when absent. */
  zone?: string;
}

/** Where the organizer pages live (the dashboard is the organizer's first page and navigation entry). */
export const ORGANIZER_PATHS = {
  dashboard: CONSOLE_PATHS.organizer.events,
  create: '/console/events/new',
  event: (id: string) => `/console/events/${id}`,
  edit: (id: string) => `/console/events/${id}/edit`,
  publish: (id: string) => `/console/events/${id}/publish`,
  cancel: (id: string) => `/console/events/${id}/cancel`,
  invite: (id: string) => `/console/events/${id}/cohosts`,
  removeCohost: (id: string, slug: string) => `/console/events/${id}/cohosts/${slug}/remove`,
  accept: (id: string) => `/console/events/${id}/accept`,
  decline: (id: string) => `/console/events/${id}/decline`,
  attendance: (id: string) => `/console/events/${id}/attendance`,
  announcements: (id: string) => `/console/events/${id}/announcements`,
  invitations: (id: string) => `/console/events/${id}/invitations`,
  registrations: (id: string) => `/console/events/${id}/registrations`,
  deliveries: (id: string) => `/console/events/${id}/deliveries`,
  questions: (id: string) => `/console/events/${id}/questions`,
} as const;

/** Flash messages after a redirect (`?done=`): only these. */
export const DONE = [
  'created',
  'saved',
  'published',
  'cancelled',
  'invited',
  'accepted',
  'declined',
  'removed',
  'marked',
  'followup',
] as const;
export type Done = (typeof DONE)[number];

export function doneMessage(query: unknown, t: OrganizerTranslate): string | undefined {
  const done = (query as { done?: unknown } | undefined)?.done;
  return typeof done === 'string' && (DONE as readonly string[]).includes(done)
    ? t(`org.done.${done as Done}`)
    : undefined;
}

export function partnerName(partner: Pick<PartnerEntity, 'nameEn' | 'nameJa'>, locale: OrganizerLocale): string {
  return pick({ en: partner.nameEn, ja: partner.nameJa }, locale).text;
}

export function eventTitle(event: Pick<EventEntity, 'titleEn' | 'titleJa'>, locale: OrganizerLocale) {
  return pick({ en: event.titleEn, ja: event.titleJa }, locale);
}

export function seatsLabel(event: EventEntity, { t }: ViewCtx): string {
  const base =
    event.capacity === null
      ? t('org.seats.unlimited', { confirmed: event.confirmedCount })
      : t('org.seats.limited', { confirmed: event.confirmedCount, capacity: event.capacity });
  return event.waitlistedCount > 0 ? `${base} · ${t('org.seats.waitlisted', { n: event.waitlistedCount })}` : base;
}

/** One line of a dashboard table. */
export function eventRow(event: EventEntity, partnerId: string, ctx: ViewCtx) {
  const title = eventTitle(event, ctx.locale);
  return {
    id: event.id,
    href: ORGANIZER_PATHS.event(event.id),
    title: title.text,
    titleLang: title.lang,
    when: formatSpan(event.startsAt, event.endsAt, ctx.locale, ctx.zone ?? event.timezone),
    status: event.status,
    statusLabel: ctx.t(`org.status.${event.status}`),
    seats: seatsLabel(event, ctx),
    role: ctx.t(event.hostPartnerId === partnerId ? 'org.role.host' : 'org.role.cohost'),
  };
}

/** An invitation on the dashboard: incoming (to answer) or outgoing (with its state). */
export function invitationRow(cohost: EventCohostEntity, ctx: ViewCtx) {
  const event = cohost.event!;
  const title = eventTitle(event, ctx.locale);
  return {
    eventId: event.id,
    href: ORGANIZER_PATHS.event(event.id),
    title: title.text,
    titleLang: title.lang,
    when: formatSpan(event.startsAt, event.endsAt, ctx.locale, ctx.zone ?? event.timezone),
    host: event.host ? partnerName(event.host, ctx.locale) : '',
    partner: cohost.partner ? partnerName(cohost.partner, ctx.locale) : '',
    status: cohost.status,
    statusLabel: ctx.t(`org.cohostStatus.${cohost.status}`),
    accept: ORGANIZER_PATHS.accept(event.id),
    decline: ORGANIZER_PATHS.decline(event.id),
  };
}

export interface ZoneParty {
  name: string;
  zone: string;
}

/**
 * The parties whose clocks an event is read on: the host, then every
 * invited partner that has not declined, each with its zone; the event's
 * own zone first when no party lives in it.
 */
export function partiesOf(event: EventEntity, ctx: ViewCtx): ZoneParty[] {
  const parties: ZoneParty[] = [];
  if (event.host) parties.push({ name: partnerName(event.host, ctx.locale), zone: event.host.timezone });
  for (const c of event.cohosts ?? []) {
    if (c.status !== 'declined' && c.partner)
      parties.push({ name: partnerName(c.partner, ctx.locale), zone: c.partner.timezone });
  }
  return parties;
}

/** The same span on each party's clock, with the zone's name (server-rendered: no script needed). */
export function zoneTimes(start: Date, end: Date, parties: readonly ZoneParty[], eventZone: string, ctx: ViewCtx) {
  const rows = parties.map((p) => ({ name: p.name, zone: p.zone, when: formatSpan(start, end, ctx.locale, p.zone) }));
  if (!parties.some((p) => p.zone === eventZone)) {
    rows.unshift({ name: eventZone, zone: eventZone, when: formatSpan(start, end, ctx.locale, eventZone) });
  }
  return rows;
}

/** Why a partner cannot be invited, in words. */
export function reasonText(why: UnavailableReason, hostName: string, ctx: ViewCtx): string {
  if (why.reason === 'no_agreement') return ctx.t('org.reason.no_agreement', { host: hostName });
  return ctx.t(`org.reason.${why.reason}`, { kind: why.kind, date: why.date });
}

export function instantText(at: Date, zone: string, ctx: ViewCtx): string {
  return formatInstant(at, ctx.locale, zone);
}
