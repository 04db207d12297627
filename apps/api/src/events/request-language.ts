export type Language = 'ja' | 'en';

/**
 * The language to show a bilingual text in: `?lang=` when given, else the
 * first of ja/en in Accept-Language (by q-value), else English.
 */
export function requestLanguage(lang: string | undefined, acceptLanguage: string | undefined): Language {
  if (lang === 'ja' || lang === 'en') return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'ja' || tag.startsWith('ja-')) return 'ja';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

/** The text in `language`, falling back to the other one (events have at least one). */
export function textIn(text: { en?: string | null; ja?: string | null }, language: Language): string {
  const other: Language = language === 'ja' ? 'en' : 'ja';
  return text[language] ?? text[other] ?? '';
}
