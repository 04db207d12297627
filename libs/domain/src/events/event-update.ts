import { ConflictError, InvalidInputError } from '../errors';
import { CalendarField, calendarChanges, isReschedule, sequenceAfterEdit } from './event-changes';
import { assertValidReminders, assertValidSchedule, parseOffsetDateTime } from './event-schedule';

/** The event as an edit finds it (read with its row locked). Field names as the events table's entity has them. */
export interface EditableEvent {
  status: 'draft' | 'published' | 'cancelled';
  sequence: number;
  titleEn: string | null;
  titleJa: string | null;
  descriptionEn: string | null;
  descriptionJa: string | null;
  startsAt: Date;
  endsAt: Date;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  timezone: string;
  joinUrl: string;
  joinWindowMinutes: number;
  recordingUrl: string | null;
  recordingPublic: boolean;
  capacity: number | null;
  waitlist: boolean;
  visibility: 'public' | 'invite_only';
  /** Who may register: anyone, or people of member organizations. */
  audience: 'public' | 'members';
  /** Confirmed seats one member organization may hold; null: no cap. */
  seatsPerOrganization: number | null;
  reminders: string[];
  confirmedCount: number;
  waitlistedCount: number;
}

/**
 * A PATCH as the API takes it: absent keeps the value; for a language of the
 * title or description, and for the registration window and capacity, null
 * removes it. Times are ISO 8601 with an offset.
 */
export interface EventPatch {
  title?: { en?: string | null; ja?: string | null };
  description?: { en?: string | null; ja?: string | null };
  startsAt?: string;
  endsAt?: string;
  registrationOpensAt?: string | null;
  registrationClosesAt?: string | null;
  timezone?: string;
  joinUrl?: string;
  joinWindowMinutes?: number;
  /** https; null removes it. Shown on the personal links' "ended" page, and publicly with `recordingPublic`. */
  recordingUrl?: string | null;
  recordingPublic?: boolean;
  capacity?: number | null;
  waitlist?: boolean;
  visibility?: 'public' | 'invite_only';
  audience?: 'public' | 'members';
  /** null removes the cap. */
  seatsPerOrganization?: number | null;
  reminders?: string[];
}

/** The columns an edit writes: every editable field, changed or not, and the sequence. */
export type EventFields = Omit<EditableEvent, 'status' | 'confirmedCount' | 'waitlistedCount'>;

/**
 * What kind of change an edit is: `reschedule` (start or end moved: co-host
 * agreements must cover the new span), `calendar` (join link or title: what
 * attendees hold in their calendars), `details` (nothing in the calendar).
 */
export type EventChangeKind = 'reschedule' | 'calendar' | 'details';

/** An outbox fact the edit writes for every confirmed registrant. */
export interface EventUpdatedNotification {
  kind: 'event.updated';
  /** What moved, for the email; never the join link (the worker loads it for confirmed registrants). */
  data: {
    previous: { startsAt: string; endsAt: string; title: { en: string | null; ja: string | null } };
    changed: CalendarField[];
  };
}

export interface EventUpdatePlan {
  /** The columns to write. */
  patch: EventFields;
  change: EventChangeKind;
  changed: CalendarField[];
  /** The sequence after the edit (`patch.sequence`): +1 when a published event's calendar entry changed. */
  sequence: number;
  notifications: EventUpdatedNotification[];
  /**
   * Whether waitlisted registrants are to be promoted: the capacity was raised
   * or removed while people wait, or the per-organization cap changed (the
   * organizations' seat limits follow it either way, and a raised one may let
   * people of an organization in).
   */
  promote: boolean;
}

/** Titles keep line breaks (they round-trip through calendars), but only as LF. */
export function normaliseLines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** The instant of an API date-time, or 400 naming the field. */
export function parseInstant(value: string, field: string): Date {
  const parsed = parseOffsetDateTime(value);
  if (!parsed) {
    throw new InvalidInputError('INVALID_DATE_TIME', `${field} must be an ISO 8601 date-time with an offset`);
  }
  return parsed;
}

/** A PATCH of one language: a string sets it, null removes it, absent keeps `current`. */
function merge(patch: string | null | undefined, current: string | null): string | null {
  if (patch === undefined) return current;
  return patch === null ? null : normaliseLines(patch);
}

/** A PATCH of a nullable instant: absent keeps `current`, null removes it. */
function mergeInstant(patch: string | null | undefined, current: Date | null, field: string): Date | null {
  if (patch === undefined) return current;
  return patch === null ? null : parseInstant(patch, field);
}

/**
 * The rules of editing an event, without the database: validates `patch`
 * against `event` at `now` (throwing the same errors, in the same order, as
 * the API answers them) and says what to write, what kind of change it is,
 * the new sequence, the notifications and whether to promote from the
 * waitlist. The caller locks the event, checks co-host agreements for a
 * `reschedule`, writes, and promotes.
 */
export function planEventUpdate(event: EditableEvent, patch: EventPatch, now: Date): EventUpdatePlan {
  if (event.status === 'cancelled') {
    throw new ConflictError('EVENT_CANCELLED', 'The event was cancelled; it cannot be edited');
  }
  const title = { en: merge(patch.title?.en, event.titleEn), ja: merge(patch.title?.ja, event.titleJa) };
  if (title.en === null && title.ja === null) {
    throw new InvalidInputError('EVENT_TITLE_REQUIRED', 'title needs at least one of en or ja');
  }
  const schedule = {
    startsAt: patch.startsAt !== undefined ? parseInstant(patch.startsAt, 'startsAt') : event.startsAt,
    endsAt: patch.endsAt !== undefined ? parseInstant(patch.endsAt, 'endsAt') : event.endsAt,
    registrationOpensAt: mergeInstant(patch.registrationOpensAt, event.registrationOpensAt, 'registrationOpensAt'),
    registrationClosesAt: mergeInstant(patch.registrationClosesAt, event.registrationClosesAt, 'registrationClosesAt'),
  };
  const joinUrl = patch.joinUrl ?? event.joinUrl;
  const changed = calendarChanges(
    {
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      title: { en: event.titleEn, ja: event.titleJa },
    },
    { startsAt: schedule.startsAt, endsAt: schedule.endsAt, title },
  );
  assertValidSchedule(schedule, { now, startChanged: changed.includes('startsAt') });
  if (patch.reminders) assertValidReminders(patch.reminders);

  const capacity = patch.capacity === undefined ? event.capacity : patch.capacity;
  if (capacity !== null && capacity < event.confirmedCount) {
    throw new ConflictError(
      'EVENT_CAPACITY_BELOW_CONFIRMED',
      `capacity cannot be ${capacity}: ${event.confirmedCount} registrants are already confirmed`,
    );
  }

  const sequence = sequenceAfterEdit(event.status, event.sequence, changed);
  const notifications: EventUpdatedNotification[] =
    sequence === event.sequence
      ? []
      : [
          {
            kind: 'event.updated',
            data: {
              previous: {
                startsAt: event.startsAt.toISOString(),
                endsAt: event.endsAt.toISOString(),
                title: { en: event.titleEn, ja: event.titleJa },
              },
              changed,
            },
          },
        ];
  const raised = capacity === null ? event.capacity !== null : event.capacity !== null && capacity > event.capacity;
  const seatsPerOrganization =
    patch.seatsPerOrganization === undefined ? event.seatsPerOrganization : patch.seatsPerOrganization;
  return {
    patch: {
      titleEn: title.en,
      titleJa: title.ja,
      descriptionEn: merge(patch.description?.en, event.descriptionEn),
      descriptionJa: merge(patch.description?.ja, event.descriptionJa),
      ...schedule,
      timezone: patch.timezone ?? event.timezone,
      joinUrl,
      joinWindowMinutes: patch.joinWindowMinutes ?? event.joinWindowMinutes,
      recordingUrl: patch.recordingUrl === undefined ? event.recordingUrl : patch.recordingUrl,
      recordingPublic: patch.recordingPublic ?? event.recordingPublic,
      capacity,
      waitlist: patch.waitlist ?? event.waitlist,
      visibility: patch.visibility ?? event.visibility,
      audience: patch.audience ?? event.audience,
      seatsPerOrganization,
      reminders: patch.reminders ?? event.reminders,
      sequence,
    },
    change: isReschedule(changed) ? 'reschedule' : changed.length > 0 ? 'calendar' : 'details',
    changed,
    sequence,
    notifications,
    promote: (raised && event.waitlistedCount > 0) || seatsPerOrganization !== event.seatsPerOrganization,
  };
}
