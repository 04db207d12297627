import { registrationWindowState } from '@cohost/domain';
import type { PageLocale, Translate } from './i18n';
import { formatInstant, formatSpan } from './page-format';

/** `{en, ja}` texts as the API returns them (one language may be missing). */
export interface LocalizedText {
  en?: string | null;
  ja?: string | null;
}

/** What the pages read of an event: the public event JSON of the API (SPEC "Event JSON"). */
export interface PageEventInput {
  id: string;
  slug: string;
  title: LocalizedText;
  description?: LocalizedText | null;
  startsAt: string | Date;
  endsAt: string | Date;
  timezone: string;
  capacity: number | null;
  waitlist: boolean;
  status: string;
  registrationOpensAt?: string | Date | null;
  registrationClosesAt?: string | Date | null;
  host: { slug: string; name: LocalizedText };
  cohosts: ReadonlyArray<{ partner: { slug: string; name: LocalizedText }; status?: string }>;
  seats: { confirmed: number; waitlisted: number; remaining: number | null };
  calendarLinks: { google: string; outlook: string; ics: string };
  /** Present once the organizers made the recording public. */
  recordingUrl?: string | null;
}

/** Where registration stands, for what the page offers; the registrations service decides for real. */
export type RegistrationState = 'open' | 'waitlist' | 'full' | 'not_open' | 'closed' | 'cancelled';

export interface EventView {
  id: string;
  slug: string;
  href: string;
  registerAction: string;
  title: string;
  /** Set when the text is in the other language than the page (for `lang=`). */
  titleLang?: PageLocale;
  description?: string;
  descriptionLang?: PageLocale;
  startsAt: string;
  endsAt: string;
  when: string;
  hostName: string;
  hostHref: string;
  cohosts: Array<{ name: string; href: string }>;
  cohostNames: string[];
  seatsState: 'open' | 'waitlist' | 'full';
  seatsLabel: string;
  registration: RegistrationState;
  registrationNote: string;
  calendarLinks: { google: string; outlook: string; ics: string };
  /** The public recording link (https), if any. */
  recordingUrl?: string;
}

/** The text in the page's language, else the other one, with the language it is in. */
export function pick(text: LocalizedText | null | undefined, locale: PageLocale): { text: string; lang?: PageLocale } {
  const other: PageLocale = locale === 'ja' ? 'en' : 'ja';
  const own = text?.[locale];
  if (own) return { text: own };
  const fallback = text?.[other];
  return fallback ? { text: fallback, lang: other } : { text: '' };
}

/**
 * A calendar feed or `.ics` link in the page's language: calendar services
 * fetch it without the visitor's cookie or Accept-Language, so the link says.
 */
export function feedLink(url: string, locale: PageLocale): string {
  const parsed = new URL(url, 'http://relative.invalid');
  parsed.searchParams.set('lang', locale);
  return parsed.origin === 'http://relative.invalid' ? `${parsed.pathname}${parsed.search}` : parsed.toString();
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

export function registrationState(event: PageEventInput, now: Date): RegistrationState {
  const window = registrationWindowState(
    {
      status: event.status,
      startsAt: toDate(event.startsAt),
      registrationOpensAt: event.registrationOpensAt ? toDate(event.registrationOpensAt) : null,
      registrationClosesAt: event.registrationClosesAt ? toDate(event.registrationClosesAt) : null,
    },
    now,
  );
  if (window === 'cancelled' || window === 'not_open') return window;
  if (window !== 'open') return 'closed';
  if (event.seats.remaining === 0) return event.waitlist ? 'waitlist' : 'full';
  return 'open';
}

export interface ViewContext {
  locale: PageLocale;
  t: Translate;
  /** Zone to show times in: the visitor's (cookie) or the event's own. */
  timeZone?: string;
  now: Date;
  /** Query kept on links to the event (`via`, `code`). */
  linkQuery?: string;
}

export function eventView(event: PageEventInput, ctx: ViewContext): EventView {
  const { locale, t } = ctx;
  const title = pick(event.title, locale);
  const description = pick(event.description, locale);
  const start = toDate(event.startsAt);
  const end = toDate(event.endsAt);
  const zone = ctx.timeZone ?? event.timezone;
  const cohosts = event.cohosts
    .filter((c) => c.status === undefined || c.status === 'accepted')
    .map((c) => ({ name: pick(c.partner.name, locale).text, href: `/partners/${c.partner.slug}` }));
  const remaining = event.seats.remaining;
  const seatsState = remaining === 0 ? (event.waitlist ? 'waitlist' : 'full') : 'open';
  const seatsLabel =
    seatsState === 'open'
      ? remaining === null
        ? t('event.seatsOpen')
        : t('event.seatsLeft', { n: remaining })
      : seatsState === 'waitlist'
        ? t('event.waitlist')
        : t('event.full');
  const registration = registrationState(event, ctx.now);
  const notes: Record<RegistrationState, string> = {
    open: '',
    waitlist: t('event.waitlistNotice'),
    full: t('event.fullNoWaitlist'),
    not_open: event.registrationOpensAt
      ? t('event.notOpenYet', { date: formatInstant(toDate(event.registrationOpensAt), locale, zone) })
      : '',
    closed: t('event.closed'),
    cancelled: t('event.cancelled'),
  };
  const path = `/events/${encodeURIComponent(event.slug)}`;
  return {
    id: event.id,
    slug: event.slug,
    href: ctx.linkQuery ? `${path}?${ctx.linkQuery}` : path,
    registerAction: `${path}/register`,
    title: title.text,
    titleLang: title.lang,
    description: description.text || undefined,
    descriptionLang: description.lang,
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    when: formatSpan(start, end, locale, zone),
    hostName: pick(event.host.name, locale).text,
    hostHref: `/partners/${event.host.slug}`,
    cohosts,
    cohostNames: cohosts.map((c) => c.name),
    seatsState,
    seatsLabel,
    registration,
    registrationNote: notes[registration],
    calendarLinks: { ...event.calendarLinks, ics: feedLink(event.calendarLinks.ics, locale) },
    ...(event.recordingUrl ? { recordingUrl: event.recordingUrl } : {}),
  };
}
