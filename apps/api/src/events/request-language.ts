import { localeFromAcceptLanguage } from '@cohost/domain';

export type Language = 'ja' | 'en';

/**
 * The language to show a bilingual text in: `?lang=` when given, else the
 * first of ja/en in Accept-Language (by q-value), else English.
 */
export function requestLanguage(lang: string | undefined, acceptLanguage: string | undefined): Language {
  if (lang === 'ja' || lang === 'en') return lang;
  return localeFromAcceptLanguage(acceptLanguage);
}

/** The text in `language`, falling back to the other one (events have at least one). */
export function textIn(text: { en?: string | null; ja?: string | null }, language: Language): string {
  const other: Language = language === 'ja' ? 'en' : 'ja';
  return text[language] ?? text[other] ?? '';
}
