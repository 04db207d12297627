import { en, MessageKey } from './en';
import { ja } from './ja';

export type { MessageKey } from './en';

export const LOCALES = ['ja', 'en'] as const;
export type PageLocale = (typeof LOCALES)[number];

const DICTIONARIES: Record<PageLocale, Record<MessageKey, string>> = { en, ja };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A translator bound to one locale; unknown placeholders are left visible so a missing value shows in review. */
export function translator(locale: PageLocale): Translate {
  const dictionary = DICTIONARIES[locale];
  return (key, params = {}) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );
}

export function isLocale(value: unknown): value is PageLocale {
  return value === 'ja' || value === 'en';
}
