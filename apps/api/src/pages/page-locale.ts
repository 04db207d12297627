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
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.tag && entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return 'en';
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
