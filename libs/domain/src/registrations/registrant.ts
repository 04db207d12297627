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
 * The registrant's language from `Accept-Language` when the body names none:
 * the first of `ja` / `en` by quality, English when neither is acceptable.
 */
export function localeFromAcceptLanguage(header: string | undefined): RegistrantLocale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'ja' || tag.startsWith('ja-')) return 'ja';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}
