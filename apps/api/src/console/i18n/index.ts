import { isLocale, type PageLocale } from '../../pages/i18n';
import { announcementsEn } from '../organizer/i18n/announcements-en';
import { announcementsJa } from '../organizer/i18n/announcements-ja';
import { deliveriesEn } from '../organizer/i18n/deliveries-en';
import { deliveriesJa } from '../organizer/i18n/deliveries-ja';
import { organizerEn } from '../organizer/i18n/en';
import { invitationsEn } from '../organizer/i18n/invitations-en';
import { invitationsJa } from '../organizer/i18n/invitations-ja';
import { organizerJa } from '../organizer/i18n/ja';
import { numbersEn } from '../organizer/i18n/numbers-en';
import { numbersJa } from '../organizer/i18n/numbers-ja';
import { questionsEn } from '../organizer/i18n/questions-en';
import { questionsJa } from '../organizer/i18n/questions-ja';
import { registrantsEn } from '../organizer/i18n/registrants-en';
import { registrantsJa } from '../organizer/i18n/registrants-ja';
import { adminEn } from './admin-en';
import { adminJa } from './admin-ja';
import { en } from './en';
import { ja } from './ja';
import { uploadEn } from './upload-en';
import { uploadJa } from './upload-ja';
import { privacyEn } from '../admin/i18n/privacy-en';
import { privacyJa } from '../admin/i18n/privacy-ja';
import { webhooksEn } from '../organizer/i18n/webhooks-en';
import { webhooksJa } from '../organizer/i18n/webhooks-ja';

export type ConsoleLocale = PageLocale;
export { isLocale };

/** One dictionary per area of the console; the unit test checks both languages have the same keys. */
const DICTIONARIES = {
  en: {
    ...en,
    ...adminEn,
    ...uploadEn,
    ...organizerEn,
    ...numbersEn,
    ...announcementsEn,
    ...invitationsEn,
    ...registrantsEn,
    ...deliveriesEn,
    ...questionsEn,
    ...webhooksEn,
    ...privacyEn,
  },
  ja: {
    ...ja,
    ...adminJa,
    ...uploadJa,
    ...organizerJa,
    ...numbersJa,
    ...announcementsJa,
    ...invitationsJa,
    ...registrantsJa,
    ...deliveriesJa,
    ...questionsJa,
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
