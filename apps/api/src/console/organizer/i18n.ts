import { organizerEn, OrganizerKey } from './i18n-en';
import { organizerJa } from './i18n-ja';

export type { OrganizerKey } from './i18n-en';
export type OrganizerLocale = 'ja' | 'en';

const DICTIONARIES: Record<OrganizerLocale, Record<OrganizerKey, string>> = { en: organizerEn, ja: organizerJa };

export type OrganizerTranslate = (key: OrganizerKey, params?: Record<string, string | number>) => string;

/** A translator of the organizer texts; an unknown placeholder stays visible so a missing value shows in review. */
export function organizerTranslator(locale: OrganizerLocale): OrganizerTranslate {
  const dictionary = DICTIONARIES[locale];
  return (key, params = {}) =>
    (dictionary[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );
}

export function isOrganizerKey(key: string): key is OrganizerKey {
  return Object.prototype.hasOwnProperty.call(organizerEn, key);
}
