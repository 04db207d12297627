import { canonicalTimeZone, publicLanguage, timeZoneChoices, type LanguageSources } from '@cohost/domain';
import type { PageLocale } from './i18n';

export { LANG_COOKIE } from '@cohost/domain';
export const TZ_COOKIE = 'tz';

/** The page language (see `publicLanguage`: the feeds the pages link to choose theirs the same way). */
export function negotiateLocale(sources: LanguageSources): { locale: PageLocale; fromQuery: boolean } {
  return publicLanguage(sources);
}

export function fromAcceptLanguage(header: unknown): PageLocale {
  return publicLanguage({ acceptLanguage: header }).locale;
}

/** The current IANA name of a zone given under any of its names (`Asia/Calcutta` -> `Asia/Kolkata`), if it is one. */
export function pageTimeZone(value: unknown): string | undefined {
  return canonicalTimeZone(value) ?? undefined;
}

/** Every IANA zone the runtime knows, under its current name, for the registration form's list. */
export function timeZones(): readonly string[] {
  return timeZoneChoices();
}
