/**
 * Shapes of `MailContext.data` (the notification row's `data`) that the
 * renderer reads. Producers should write these; the renderer reads them
 * defensively, since rows are JSON and may predate a field.
 */
export interface WaitlistedData {
  /** 1-based position in the waitlist when the registrant was waitlisted. */
  waitlistPosition?: number;
}

export interface EventUpdatedData {
  /** The values before the change (ISO 8601 instants). */
  previous?: { startsAt?: string; endsAt?: string; title?: { en?: string | null; ja?: string | null } };
  /**
   * What changed, as `calendarChanges()` of libs/domain names it; inferred
   * from `previous` when absent. The join link itself is never in data.
   */
  changed?: Array<'startsAt' | 'endsAt' | 'joinUrl' | 'title.en' | 'title.ja'>;
}

export interface EventCancelledData {
  /** Fallback for `MailContext.event.cancelReason`. */
  reason?: string | null;
}

export interface ReminderData {
  /** The reminder offset before start, ISO 8601 duration (e.g. `P1D`). Informative: the email states the real time left. */
  offset?: string;
}

export function readCancelReason(data: Record<string, unknown>, fromEvent: string | null | undefined): string | null {
  const reason = fromEvent ?? (typeof data.reason === 'string' ? data.reason : null);
  return reason && reason.trim() ? reason.trim() : null;
}

export function readPosition(data: Record<string, unknown>): number | null {
  const value = data.waitlistPosition;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

export interface UpdateFacts {
  previousStart?: Date;
  previousEnd?: Date;
  previousTitle?: { en?: string; ja?: string };
  joinUrlChanged: boolean;
  timeChanged: boolean;
  titleChanged: boolean;
}

function toDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function toTitle(value: unknown): { en?: string; ja?: string } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { en, ja } = value as Record<string, unknown>;
  const title: { en?: string; ja?: string } = {};
  if (typeof en === 'string') title.en = en;
  if (typeof ja === 'string') title.ja = ja;
  return title.en !== undefined || title.ja !== undefined ? title : undefined;
}

export function readUpdate(
  data: Record<string, unknown>,
  current: { startsAt: Date; endsAt: Date; title: { en?: string; ja?: string } },
): UpdateFacts {
  const previous = data.previous && typeof data.previous === 'object' ? (data.previous as Record<string, unknown>) : {};
  const changed = Array.isArray(data.changed) ? data.changed.filter((c): c is string => typeof c === 'string') : null;
  const previousStart = toDate(previous.startsAt);
  const previousEnd = toDate(previous.endsAt);
  const previousTitle = toTitle(previous.title);
  const timeDiffers =
    (previousStart !== undefined && previousStart.getTime() !== current.startsAt.getTime()) ||
    (previousEnd !== undefined && previousEnd.getTime() !== current.endsAt.getTime());
  const titleDiffers =
    previousTitle !== undefined && (previousTitle.en !== current.title.en || previousTitle.ja !== current.title.ja);
  return {
    previousStart,
    previousEnd,
    previousTitle,
    timeChanged: changed ? changed.includes('startsAt') || changed.includes('endsAt') : timeDiffers,
    titleChanged: changed ? changed.includes('title.en') || changed.includes('title.ja') : titleDiffers,
    joinUrlChanged: changed !== null && changed.includes('joinUrl'),
  };
}

/** A follow-up's text for `locale` (the other language when the organizers wrote only one). */
export function followupText(data: Record<string, unknown>, locale: 'en' | 'ja'): string {
  const text = data.text as { en?: unknown; ja?: unknown } | undefined;
  const own = text?.[locale];
  const other = text?.[locale === 'ja' ? 'en' : 'ja'];
  return typeof own === 'string' && own.trim() ? own : typeof other === 'string' ? other : '';
}

/** A follow-up's link (`recordingUrl`, `surveyUrl`) if it is an https URL. */
export function followupLink(data: Record<string, unknown>, key: 'recordingUrl' | 'surveyUrl'): string | null {
  const value = data[key];
  return typeof value === 'string' && /^https:\/\/[^\s]+$/.test(value) ? value : null;
}

/** The recording and survey links of a follow-up, labelled for the details. */
export function followupLinks(
  data: Record<string, unknown>,
  label: { recording: string; survey: string },
): Array<{ label: string; href: string }> {
  const links: Array<{ label: string; href: string }> = [];
  const recording = followupLink(data, 'recordingUrl');
  const survey = followupLink(data, 'surveyUrl');
  if (recording) links.push({ label: label.recording, href: recording });
  if (survey) links.push({ label: label.survey, href: survey });
  return links;
}
