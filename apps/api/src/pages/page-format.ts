import type { PageLocale } from './i18n';

const INTL_LOCALE: Record<PageLocale, string> = { ja: 'ja-JP', en: 'en-GB' };

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: PageLocale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone, ...options });
    cache.set(key, format);
  }
  return format;
}

const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** "Japan Standard Time" / "日本標準時" at that instant (summer time differs). */
export function zoneName(at: Date, locale: PageLocale, timeZone: string): string {
  const parts = formatter(locale, timeZone, { timeZoneName: 'long' }).formatToParts(at);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/**
 * A webinar's time span for people: date, start and end time, and the zone's
 * name, in the page language. Spans over midnight show both dates. The same
 * rules run in `public/pages.js` to show the visitor's own zone.
 */
export function formatSpan(start: Date, end: Date, locale: PageLocale, timeZone: string): string {
  const date = formatter(locale, timeZone, DATE);
  const time = formatter(locale, timeZone, TIME);
  const zone = zoneName(start, locale, timeZone);
  const sameDay = date.format(start) === date.format(end);
  if (locale === 'ja') {
    return sameDay
      ? `${date.format(start)} ${time.format(start)}〜${time.format(end)}(${zone})`
      : `${date.format(start)} ${time.format(start)}〜${date.format(end)} ${time.format(end)}(${zone})`;
  }
  return sameDay
    ? `${date.format(start)}, ${time.format(start)}–${time.format(end)} (${zone})`
    : `${date.format(start)}, ${time.format(start)} – ${date.format(end)}, ${time.format(end)} (${zone})`;
}

/** One instant with its zone, e.g. when registration opens. */
export function formatInstant(at: Date, locale: PageLocale, timeZone: string): string {
  const text = `${formatter(locale, timeZone, DATE).format(at)} ${formatter(locale, timeZone, TIME).format(at)}`;
  const zone = zoneName(at, locale, timeZone);
  return locale === 'ja' ? `${text}(${zone})` : `${text} (${zone})`;
}
