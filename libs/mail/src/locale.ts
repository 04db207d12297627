export type Locale = 'en' | 'ja';

/** A text in the wanted language, falling back to the other one. */
export function pick(text: { en?: string; ja?: string }, locale: Locale): string {
  const other: Locale = locale === 'ja' ? 'en' : 'ja';
  return text[locale] || text[other] || '';
}
