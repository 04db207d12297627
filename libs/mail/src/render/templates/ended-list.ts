import type { TemplateVars } from './template';

interface EndedEvent {
  title?: { en?: string; ja?: string };
  startsAt?: string;
  timezone?: string;
}

function endedEvents(v: TemplateVars): EndedEvent[] {
  return Array.isArray(v.data.events) ? (v.data.events as EndedEvent[]) : [];
}

export function endedCount(v: TemplateVars): number {
  return endedEvents(v).length;
}

/** One line per webinar: title and start in the event's zone (`data.events` of `agreement.cohosting_ended`). */
export function endedList(v: TemplateVars, locale: 'en' | 'ja'): string {
  return endedEvents(v)
    .map((e) => {
      const title = (locale === 'ja' ? (e.title?.ja ?? e.title?.en) : (e.title?.en ?? e.title?.ja)) ?? '';
      const start = e.startsAt ? new Date(e.startsAt) : null;
      const when =
        start && !Number.isNaN(start.getTime())
          ? start.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB', {
              timeZone: e.timezone ?? 'UTC',
              year: 'numeric',
              month: 'short',
              day: 'numeric',
              hour: '2-digit',
              minute: '2-digit',
              timeZoneName: 'short',
            })
          : '';
      return `- ${title}${when ? ` (${when})` : ''}`;
    })
    .join('\n');
}
