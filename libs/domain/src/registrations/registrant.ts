export type RegistrantLocale = 'ja' | 'en';

/**
 * Addresses compare case-insensitively (the unique index is on lower(email)),
 * but the address is stored as typed, for display. This is the key used for
 * lookups and rate-limit counters.
 */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The language from `Accept-Language`: the first of `ja` / `en` by quality,
 * English when neither is acceptable. Used for registrants (when the body
 * names none), event JSON and feeds, and the pages.
 */
export function localeFromAcceptLanguage(header: string | undefined): RegistrantLocale {
  if (!header) return 'en';
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
    if (tag === 'ja' || tag.startsWith('ja-')) return 'ja';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}
