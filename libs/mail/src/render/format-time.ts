import { DateTime } from 'luxon';
import type { Locale } from '../locale';
import { LruCache } from '@cohost/common';

const labels = new Map<string, string>();
const spans = new LruCache<string, string>(2048);

/**
 * A short, recognisable zone name: "JST", "CET", "CEST", "EST", "GMT", "UTC".
 * ICU knows such names only in some locales (JST in ja, CET in en-GB, EST in
 * en-US), so each is asked; zones without one get their offset ("GMT+5:30").
 */
export function zoneLabel(dt: DateTime): string {
  const key = `${dt.zoneName}|${dt.offset}`;
  let label = labels.get(key);
  if (label === undefined) {
    const candidates = ['en-US', 'en-GB', 'ja'].map((l) => dt.setLocale(l).toFormat('ZZZZ'));
    label = candidates.find((c) => !/^GMT[+-]/.test(c)) ?? candidates[0];
    labels.set(key, label);
  }
  return label;
}

function inZone(date: Date, zone: string): DateTime {
  const dt = DateTime.fromJSDate(date, { zone });
  return dt.isValid ? dt : DateTime.fromJSDate(date, { zone: 'UTC' });
}

function dateText(dt: DateTime, locale: Locale): string {
  return locale === 'ja'
    ? dt.setLocale('ja').toFormat('yyyy年M月d日(ccc)')
    : dt.setLocale('en-GB').toFormat('ccc, d LLLL yyyy,');
}

/**
 * "2026年12月10日(木) 18:00〜20:00 JST / 10:00〜12:00 CET": the span in each
 * of `zones` (duplicates and zones with the same clock dropped), the first one
 * leading. A later zone repeats the date only when its calendar day differs.
 */
export function formatSpan(start: Date, end: Date, zones: readonly string[], locale: Locale): string {
  const key = `${start.getTime()}|${end.getTime()}|${zones.join(',')}|${locale}`;
  return spans.getOrCreate(key, () => computeSpan(start, end, zones, locale));
}

function computeSpan(start: Date, end: Date, zones: readonly string[], locale: Locale): string {
  const dash = locale === 'ja' ? '〜' : '–';
  const parts: string[] = [];
  const seen = new Set<string>();
  let firstDay: string | undefined;
  for (const zone of zones) {
    const s = inZone(start, zone);
    const e = inZone(end, zone);
    const label = zoneLabel(s);
    const clock = `${s.toFormat('yyyy-MM-dd HH:mm')}|${e.toFormat('yyyy-MM-dd HH:mm')}|${label}`;
    if (seen.has(clock)) continue;
    seen.add(clock);
    const day = s.toFormat('yyyy-MM-dd');
    const sameDay = day === e.toFormat('yyyy-MM-dd');
    const lead = firstDay === undefined || firstDay !== day ? `${dateText(s, locale)} ` : '';
    firstDay ??= day;
    parts.push(
      start.getTime() === end.getTime()
        ? `${lead}${s.toFormat('HH:mm')} ${label}`
        : sameDay
          ? `${lead}${s.toFormat('HH:mm')}${dash}${e.toFormat('HH:mm')} ${label}`
          : `${lead}${s.toFormat('HH:mm')} ${dash} ${dateText(e, locale)} ${e.toFormat('HH:mm')} ${label}`,
    );
  }
  return parts.join(' / ');
}

/** "18:00 JST / 10:00 CET" with the date: one instant in each zone. */
export function formatInstant(at: Date, zones: readonly string[], locale: Locale): string {
  return formatSpan(at, at, zones, locale);
}

/** "1 day", "2 hours 30 minutes", "1日", "2時間30分": from minutes, for reminders. */
export function formatDuration(totalMinutes: number, locale: Locale): string {
  const minutes = Math.max(0, Math.round(totalMinutes));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (locale === 'ja') {
    const text = `${d ? `${d}日` : ''}${h ? `${h}時間` : ''}${m ? `${m}分` : ''}`;
    return text || '0分';
  }
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [d ? unit(d, 'day') : '', h ? unit(h, 'hour') : '', m ? unit(m, 'minute') : ''].filter(Boolean);
  return parts.join(' ') || unit(0, 'minute');
}
