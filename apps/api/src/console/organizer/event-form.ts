import { DateTime } from 'luxon';

/**
 * The webinar form as posted (`application/x-www-form-urlencoded`) and as
 * re-shown: every SPEC field, times as `datetime-local` values in the
 * event's own zone. Nothing here decides validity beyond turning local
 * times into instants: the JSON API's DTOs and services do.
 */
export interface EventFormValues {
  titleEn: string;
  titleJa: string;
  descriptionEn: string;
  descriptionJa: string;
  slug: string;
  timezone: string;
  startsAt: string;
  endsAt: string;
  capacity: string;
  waitlist: boolean;
  registrationOpensAt: string;
  registrationClosesAt: string;
  visibility: string;
  /** `public` or `members` (only addresses of member organizations may register). */
  audience: string;
  /** Members events: confirmed seats per member organization; empty = no cap. */
  seatsPerOrganization: string;
  joinUrl: string;
  /** Minutes before the start from which the personal join links lead to the meeting (0 to 1440). */
  joinWindowMinutes: string;
  reminders: string[];
  remindersOther: string;
  /** Edit only (the API's create takes none): the recording (https; empty removes it) and whether it is public. */
  recordingUrl: string;
  recordingPublic: boolean;
}

export const EVENT_FORM_FIELDS = [
  'titleEn',
  'titleJa',
  'descriptionEn',
  'descriptionJa',
  'slug',
  'timezone',
  'startsAt',
  'endsAt',
  'capacity',
  'waitlist',
  'registrationOpensAt',
  'registrationClosesAt',
  'visibility',
  'audience',
  'seatsPerOrganization',
  'joinUrl',
  'joinWindowMinutes',
  'reminders',
  'recordingUrl',
] as const;
export type EventFormField = (typeof EVENT_FORM_FIELDS)[number];

/** Reminder offsets offered as checkboxes; anything else goes in the "other" field. */
export const REMINDER_PRESETS = ['P7D', 'P1D', 'PT3H', 'PT1H', 'PT30M', 'PT15M'] as const;

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;
const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";

const text = (value: unknown, max: number): string => (typeof value === 'string' ? value.slice(0, max) : '');
/** Browsers post a textarea's line breaks as CRLF; the events service stores LF, so compare and save as LF. */
const lines = (value: unknown, max: number): string => text(value, max).replace(/\r\n?/g, '\n');

function list(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string' && v.length <= 20).slice(0, 20);
}

/** Reads a posted body into form values (never throws; unknown fields are ignored). */
export function readEventForm(body: unknown): EventFormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    titleEn: lines(b.titleEn, 1000),
    titleJa: lines(b.titleJa, 1000),
    descriptionEn: lines(b.descriptionEn, 20_000),
    descriptionJa: lines(b.descriptionJa, 20_000),
    slug: text(b.slug, 200),
    timezone: text(b.timezone, 100),
    startsAt: text(b.startsAt, 40),
    endsAt: text(b.endsAt, 40),
    capacity: text(b.capacity, 40),
    waitlist: b.waitlist === 'yes',
    registrationOpensAt: text(b.registrationOpensAt, 40),
    registrationClosesAt: text(b.registrationClosesAt, 40),
    visibility: text(b.visibility, 40),
    audience: text(b.audience, 40),
    seatsPerOrganization: text(b.seatsPerOrganization, 40),
    joinUrl: text(b.joinUrl, 3000),
    joinWindowMinutes: text(b.joinWindowMinutes, 40),
    reminders: list(b.reminders),
    remindersOther: text(b.remindersOther, 300),
    recordingUrl: text(b.recordingUrl, 3000),
    recordingPublic: b.recordingPublic === 'yes',
  };
}

/** An instant as a `datetime-local` value on the wall clock of `zone`. */
export function localValue(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat(LOCAL_FORMAT);
}

export type LocalTimeProblem = 'invalid' | 'nonexistent';

/**
 * A `datetime-local` value read on the wall clock of `zone`, as ISO 8601
 * with that zone's offset (what the API's DTOs ask for). A time the clocks
 * skip (the spring-forward hour in Copenhagen) is refused rather than moved.
 */
export function toOffsetDateTime(local: string, zone: string): { iso: string } | { problem: LocalTimeProblem } {
  if (!LOCAL.test(local)) return { problem: 'invalid' };
  const at = DateTime.fromISO(local, { zone });
  if (!at.isValid) return { problem: 'invalid' };
  if (at.toFormat(LOCAL_FORMAT) !== local.slice(0, 16)) return { problem: 'nonexistent' };
  return { iso: at.toISO({ suppressMilliseconds: true })! };
}

/** The values of an existing event, for its edit form. */
export function formFromEvent(event: {
  titleEn: string | null;
  titleJa: string | null;
  descriptionEn: string | null;
  descriptionJa: string | null;
  slug: string;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  waitlist: boolean;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  visibility: string;
  audience: string;
  seatsPerOrganization: number | null;
  joinUrl: string;
  joinWindowMinutes: number;
  reminders: string[];
  recordingUrl: string | null;
  recordingPublic: boolean;
}): EventFormValues {
  const zone = event.timezone;
  const presets = event.reminders.filter((r) => (REMINDER_PRESETS as readonly string[]).includes(r));
  return {
    titleEn: event.titleEn ?? '',
    titleJa: event.titleJa ?? '',
    descriptionEn: event.descriptionEn ?? '',
    descriptionJa: event.descriptionJa ?? '',
    slug: event.slug,
    timezone: zone,
    startsAt: localValue(event.startsAt, zone),
    endsAt: localValue(event.endsAt, zone),
    capacity: event.capacity === null ? '' : String(event.capacity),
    waitlist: event.waitlist,
    registrationOpensAt: event.registrationOpensAt ? localValue(event.registrationOpensAt, zone) : '',
    // Only a close set by hand: the default follows the start.
    registrationClosesAt: event.registrationClosesAt ? localValue(event.registrationClosesAt, zone) : '',
    visibility: event.visibility,
    audience: event.audience,
    seatsPerOrganization: event.seatsPerOrganization === null ? '' : String(event.seatsPerOrganization),
    joinUrl: event.joinUrl,
    joinWindowMinutes: String(event.joinWindowMinutes),
    reminders: presets,
    remindersOther: event.reminders.filter((r) => !presets.includes(r)).join(', '),
    recordingUrl: event.recordingUrl ?? '',
    recordingPublic: event.recordingPublic,
  };
}

/** A blank form for a new webinar in `zone`, with the SPEC's defaults. */
export function blankForm(zone: string): EventFormValues {
  return {
    titleEn: '',
    titleJa: '',
    descriptionEn: '',
    descriptionJa: '',
    slug: '',
    timezone: zone,
    startsAt: '',
    endsAt: '',
    capacity: '',
    waitlist: false,
    registrationOpensAt: '',
    registrationClosesAt: '',
    visibility: 'public',
    audience: 'public',
    seatsPerOrganization: '',
    joinUrl: '',
    // The API's default (CreateEventDto).
    joinWindowMinutes: '15',
    reminders: ['P1D', 'PT1H'],
    remindersOther: '',
    recordingUrl: '',
    recordingPublic: false,
  };
}

/** The reminders chosen: the ticked presets, then the "other" durations (comma or space separated). */
export function remindersOf(values: EventFormValues): string[] {
  const other = values.remindersOther
    .split(/[\s,、]+/)
    .map((r) => r.trim().toUpperCase())
    .filter(Boolean);
  return [...values.reminders, ...other];
}

/**
 * The JSON API's body for these values: `mode` `create` leaves empty
 * optional fields out, `update` clears them (null), as a PATCH does. Local
 * times become instants in the chosen zone; those that cannot are reported
 * per field and left out, so the DTO's own checks still run on the rest.
 */
export function eventBody(
  values: EventFormValues,
  mode: 'create' | 'update',
): { body: Record<string, unknown>; problems: Partial<Record<EventFormField, LocalTimeProblem>> } {
  const problems: Partial<Record<EventFormField, LocalTimeProblem>> = {};
  const empty = mode === 'create' ? undefined : null;
  const orEmpty = (value: string) => (value.trim() === '' ? empty : value);
  const instant = (
    field: 'startsAt' | 'endsAt' | 'registrationOpensAt' | 'registrationClosesAt',
    required: boolean,
  ) => {
    const local = values[field].trim();
    if (local === '') {
      if (required) problems[field] = 'invalid';
      return required ? undefined : empty;
    }
    const converted = toOffsetDateTime(local, values.timezone);
    if ('problem' in converted) {
      problems[field] = converted.problem;
      return undefined;
    }
    return converted.iso;
  };
  const body: Record<string, unknown> = {
    title: { en: orEmpty(values.titleEn), ja: orEmpty(values.titleJa) },
    description: { en: orEmpty(values.descriptionEn), ja: orEmpty(values.descriptionJa) },
    ...(mode === 'create' && values.slug.trim() ? { slug: values.slug.trim() } : {}),
    timezone: values.timezone,
    startsAt: instant('startsAt', true),
    endsAt: instant('endsAt', true),
    capacity: wholeNumber(values.capacity, null),
    waitlist: values.waitlist,
    registrationOpensAt: instant('registrationOpensAt', false),
    registrationClosesAt: instant('registrationClosesAt', false),
    visibility: values.visibility,
    audience: values.audience,
    seatsPerOrganization: wholeNumber(values.seatsPerOrganization, null),
    joinUrl: values.joinUrl.trim(),
    // Not nullable: an empty field stays '' so the DTO refuses it (the form always shows a value).
    joinWindowMinutes: wholeNumber(values.joinWindowMinutes, ''),
    reminders: remindersOf(values),
    // Only an edit has them (the API's create takes none): empty removes the recording.
    ...(mode === 'update'
      ? { recordingUrl: values.recordingUrl.trim() || null, recordingPublic: values.recordingPublic }
      : {}),
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  for (const nested of ['title', 'description'] as const) {
    const text = body[nested] as Record<string, unknown>;
    for (const lang of ['en', 'ja']) if (text[lang] === undefined) delete text[lang];
  }
  return { body, problems };
}

/**
 * A number field for the DTO: digits become a number it checks (range,
 * integer); text that is not one stays text so the DTO refuses it; empty
 * becomes `empty` (null: "no limit").
 */
function wholeNumber(value: string, empty: null | ''): number | string | null {
  const trimmed = value.trim();
  if (trimmed === '') return empty;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Which form field a validation path (`title.en`, `startsAt`...) or domain error code belongs to. */
export function formFieldOf(path: string): EventFormField | undefined {
  if (path === 'title' || path === 'title.en') return 'titleEn';
  if (path === 'title.ja') return 'titleJa';
  if (path === 'description' || path === 'description.en') return 'descriptionEn';
  if (path === 'description.ja') return 'descriptionJa';
  const head = path.split('.')[0];
  return (EVENT_FORM_FIELDS as readonly string[]).includes(head) ? (head as EventFormField) : undefined;
}
