import { normalizeEmail } from '../input/email-address';

export type RegistrantLocale = 'ja' | 'en';

/**
 * The key an address is looked up and counted under (rate limits,
 * invitation de-duplication): its normal form (`normalizeEmail`: NFKC,
 * punycode domain, lower case), or for what is not an address at all, its
 * trimmed lower case. Stored addresses are already in normal form, and the
 * unique indexes on lower(email) agree with it.
 */
export function emailKey(email: string): string {
  const trimmed = email.trim();
  return normalizeEmail(trimmed).address ?? trimmed.toLowerCase();
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
