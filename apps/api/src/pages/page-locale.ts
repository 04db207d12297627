import { localeFromAcceptLanguage } from '@cohost/domain';
import { isLocale, PageLocale } from './i18n';

export const LANG_COOKIE = 'lang';
export const TZ_COOKIE = 'tz';

export interface LocaleSources {
  query?: unknown;
  cookie?: unknown;
  acceptLanguage?: unknown;
}

/**
 * The page language: `?lang=`, then the `lang` cookie (set by the switch),
 * then the best of `Accept-Language` (q-values honoured, `ja-JP` counts as
 * `ja`). A browser asking only for other languages gets English, which
 * international visitors read more often than Japanese; no header at all
 * (links opened by tools) gets Japanese, the hub's language.
 */
export function negotiateLocale(sources: LocaleSources): { locale: PageLocale; fromQuery: boolean } {
  if (isLocale(sources.query)) return { locale: sources.query, fromQuery: true };
  if (isLocale(sources.cookie)) return { locale: sources.cookie, fromQuery: false };
  return { locale: fromAcceptLanguage(sources.acceptLanguage), fromQuery: false };
}

export function fromAcceptLanguage(header: unknown): PageLocale {
  if (typeof header !== 'string' || header.trim() === '') return 'ja';
  return localeFromAcceptLanguage(header);
}

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));
// `UTC` is valid everywhere but not always listed by supportedValuesOf.
ZONES.add('UTC');

export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && ZONES.has(value);
}

/** Every IANA zone the runtime knows, for the registration form's list. */
export function timeZones(): string[] {
  return [...ZONES].sort();
}
