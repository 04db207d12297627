import { isLocale, type PageLocale } from '../../pages/i18n';
import { organizerEn } from '../organizer/i18n/en';
import { organizerJa } from '../organizer/i18n/ja';
import { en } from './en';
import { ja } from './ja';
import { adminEn } from './admin-en';
import { adminJa } from './admin-ja';
import { privacyEn } from '../admin/i18n/privacy-en';
import { privacyJa } from '../admin/i18n/privacy-ja';
import { webhooksEn } from '../organizer/i18n/webhooks-en';
import { webhooksJa } from '../organizer/i18n/webhooks-ja';

export type ConsoleLocale = PageLocale;
export { isLocale };

const DICTIONARIES = {
  en: {
    ...en,
    ...adminEn,
    ...organizerEn,
    ...webhooksEn,
    ...privacyEn,
  },
  ja: {
    ...ja,
    ...adminJa,
    ...organizerJa,
    ...webhooksJa,
    ...privacyJa,
  },
};

export type ConsoleMessageKey = keyof (typeof DICTIONARIES)['en'];
export type ConsoleTranslate = (key: ConsoleMessageKey, params?: Record<string, string | number>) => string;

/** A translator bound to one locale; unknown placeholders stay visible so a missing value shows in review. */
export function consoleTranslator(locale: ConsoleLocale): ConsoleTranslate {
  const dictionary: Record<string, string> = DICTIONARIES[locale];
  return (key, params = {}) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );
}

/** Every key of either language (the unit test checks both have the same). */
export function dictionaryKeys(locale: ConsoleLocale): string[] {
  return Object.keys(DICTIONARIES[locale]).sort();
}
