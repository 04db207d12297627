import { pick, type Locale } from '../locale';
import { cleanText } from './ical-text';

type Names = { en: string; ja?: string };

/** The DESCRIPTION of a calendar entry: what a user needs when opening it from the calendar. */
export function calendarDescription(input: {
  locale: Locale;
  description: { en?: string; ja?: string };
  host: Names;
  cohosts: readonly Names[];
  eventUrl?: string;
  joinUrl?: string;
}): string {
  const ja = input.locale === 'ja';
  const parts: string[] = [];
  const description = pick(input.description, input.locale).trim();
  if (description) parts.push(description);
  const host = pick(input.host, input.locale);
  const cohosts = input.cohosts.map((c) => pick(c, input.locale));
  parts.push(
    ja
      ? `主催: ${host}${cohosts.length ? `\n共催: ${cohosts.join('、')}` : ''}`
      : `Hosted by ${host}${cohosts.length ? `\nCo-hosted by ${cohosts.join(', ')}` : ''}`,
  );
  if (input.joinUrl) parts.push(ja ? `参加URL: ${input.joinUrl}` : `Join: ${input.joinUrl}`);
  if (input.eventUrl) parts.push(ja ? `イベントページ: ${input.eventUrl}` : `Event page: ${input.eventUrl}`);
  return cleanText(parts.join('\n\n'));
}
