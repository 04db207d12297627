import { localeFromAcceptLanguage, type RegistrantLocale } from './registrations/registrant';

/** The cookie in which the public pages remember a `?lang=` choice. */
export const LANG_COOKIE = 'lang';

export interface LanguageSources {
  query?: unknown;
  cookie?: unknown;
  acceptLanguage?: unknown;
}

const isLanguage = (value: unknown): value is RegistrantLocale => value === 'ja' || value === 'en';

/**
 * The language of a public page or feed: `?lang=`, then the `lang` cookie
 * (set by the pages' switch), then the best of `Accept-Language` (q-values
 * honoured, `ja-JP` counts as `ja`). A client asking only for other languages
 * gets English, which international visitors read more often than Japanese;
 * no header at all (links opened by tools, calendar services) gets Japanese,
 * the hub's language.
 */
export function publicLanguage(sources: LanguageSources): { locale: RegistrantLocale; fromQuery: boolean } {
  if (isLanguage(sources.query)) return { locale: sources.query, fromQuery: true };
  if (isLanguage(sources.cookie)) return { locale: sources.cookie, fromQuery: false };
  const header = sources.acceptLanguage;
  if (typeof header !== 'string' || header.trim() === '') return { locale: 'ja', fromQuery: false };
  return { locale: localeFromAcceptLanguage(header), fromQuery: false };
}
