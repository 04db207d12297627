import { consoleTranslator, ConsoleLocale } from '../i18n';

/** Test-only: user text that must come out escaped once. */
export const HOSTILE = '<img src=x onerror="alert(1)"> & "quotes"';

/** Test-only: the layout data of a signed-in organizer (as ConsoleRenderer gives it). */
export function organizerLayout(locale: ConsoleLocale) {
  return {
    t: consoleTranslator(locale),
    locale,
    page: { lang: locale, title: 'T', assets: '/assets/', switchLinks: { ja: '/x?lang=ja', en: '/x?lang=en' } },
    actor: { email: 'o@example.org', role: 'organizer' },
    roleLabel: 'Organizer',
    nav: [{ href: '/console/events', label: 'Webinars', current: true }],
    canSwitchRole: false,
    csrf: 'csrf-token',
  };
}
