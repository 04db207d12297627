/**
 * The catalogue of email kinds: each kind declared once, with everything
 * that varies by kind. The notifications entity's kind list, the delivery
 * policy (`decideDelivery`), the renderer and the worker's context builder
 * read it. Adding a kind touches this declaration, its two templates (ja and
 * en, in libs/mail `render/templates`) and the code that writes its rows;
 * nothing else (a unit test in libs/mail fails when a template is missing).
 */

/**
 * Who an email is addressed to; each audience is loaded differently by the
 * worker (`buildMailContext`). A kind for a new audience, such as a console
 * user who is neither registrant nor invitee (`console.sign_in`), adds it
 * here with the column its rows name it by; kinds whose text is written per
 * sending (`event.announcement`, `event.followup` to registrants) need no new
 * audience: their templates read the texts from the row's `data`.
 */
export type NotificationAudience =
  /** The registration's address, name, language and zone. */
  | 'registrant'
  /** The invitation's address; no name, and the language is unknown (see `languages`). */
  | 'invitee';

export type RegistrationState = 'confirmed' | 'waitlisted' | 'cancelled';

export interface NotificationKindSpec {
  audience: NotificationAudience;
  /**
   * The calendar part, if any: its METHOD, whether it says STATUS:CANCELLED
   * (the event was cancelled) and whether a REQUEST changes an entry the
   * recipient already has (the email then says "updates" rather than "adds").
   */
  calendar: { method: 'REQUEST' | 'CANCEL'; eventCancelled: boolean; update: boolean } | null;
  /** Carries the event's join link (only ever to a registrant confirmed at send time). */
  joinLink: boolean;
  /** Carries a freshly minted cancel link (`/cancel?token=`), to leave the event or its waitlist. */
  cancelLink: boolean;
  /** Carries a freshly minted invitation code in its register link. */
  invitationCode: boolean;
  /** The template (subject and body) of both languages' template sets. */
  template: string;
  /** `recipient`: the registrant's language; `both`: Japanese and English in one email (language unknown). */
  languages: 'recipient' | 'both';
  /** Registration states in which it still goes out at send time; null: whatever the state. */
  sendsTo: readonly RegistrationState[] | null;
  /** Still goes out once the event is cancelled (it says so, or removes a calendar entry). */
  afterEventCancelled: boolean;
  /** Skipped when the event's sequence has moved past the row's (a later email carries the later state). */
  supersededByLaterSequence: boolean;
  /** Sent only while the event is published (not draft, not cancelled). */
  onlyWhilePublished: boolean;
}

const registrant = {
  audience: 'registrant',
  invitationCode: false,
  languages: 'recipient',
  supersededByLaterSequence: false,
  onlyWhilePublished: false,
} as const;

export const NOTIFICATION_CATALOGUE = {
  'registration.confirmed': {
    ...registrant,
    calendar: { method: 'REQUEST', eventCancelled: false, update: false },
    joinLink: true,
    cancelLink: true,
    template: 'confirmed',
    sendsTo: ['confirmed'],
    afterEventCancelled: false,
  },
  'registration.waitlisted': {
    ...registrant,
    calendar: null,
    joinLink: false,
    // The way off the waitlist.
    cancelLink: true,
    template: 'waitlisted',
    sendsTo: ['waitlisted'],
    afterEventCancelled: false,
  },
  'registration.promoted': {
    ...registrant,
    calendar: { method: 'REQUEST', eventCancelled: false, update: false },
    joinLink: true,
    cancelLink: true,
    template: 'promoted',
    sendsTo: ['confirmed'],
    afterEventCancelled: false,
  },
  'registration.cancelled': {
    ...registrant,
    calendar: { method: 'CANCEL', eventCancelled: false, update: false },
    joinLink: false,
    cancelLink: false,
    template: 'registrationCancelled',
    // Removes the entry from the recipient's calendar whatever happened since.
    sendsTo: null,
    afterEventCancelled: true,
  },
  /** A waitlisted registration was cancelled (the registrant left, or an organizer): no calendar entry to remove. */
  'registration.left_waitlist': {
    ...registrant,
    calendar: null,
    joinLink: false,
    cancelLink: false,
    template: 'leftWaitlist',
    sendsTo: null,
    afterEventCancelled: true,
  },
  'event.updated': {
    ...registrant,
    calendar: { method: 'REQUEST', eventCancelled: false, update: true },
    joinLink: true,
    cancelLink: false,
    template: 'updated',
    sendsTo: ['confirmed'],
    afterEventCancelled: false,
    // Two REQUESTs with one SEQUENCE would be a duplicate in calendars.
    supersededByLaterSequence: true,
  },
  'event.cancelled': {
    ...registrant,
    calendar: { method: 'CANCEL', eventCancelled: true, update: false },
    joinLink: false,
    cancelLink: false,
    template: 'eventCancelled',
    sendsTo: null,
    afterEventCancelled: true,
  },
  /** The event was cancelled while the registrant waited: no calendar entry to remove, so no calendar part. */
  'event.cancelled.waitlisted': {
    ...registrant,
    calendar: null,
    joinLink: false,
    cancelLink: false,
    template: 'eventCancelledWaitlisted',
    sendsTo: null,
    afterEventCancelled: true,
  },
  'event.reminder': {
    ...registrant,
    calendar: null,
    joinLink: true,
    cancelLink: false,
    template: 'reminder',
    sendsTo: ['confirmed'],
    afterEventCancelled: false,
    supersededByLaterSequence: true,
    onlyWhilePublished: true,
  },
  /**
   * After the event, once per confirmed registrant (the organizers send it):
   * the row's data holds the text for this registrant (attendee or no-show,
   * ja/en) and the optional recording and survey links (https).
   */
  'event.followup': {
    ...registrant,
    calendar: null,
    joinLink: false,
    cancelLink: false,
    template: 'followup',
    sendsTo: ['confirmed'],
    afterEventCancelled: false,
    onlyWhilePublished: true,
  },
  invitation: {
    audience: 'invitee',
    calendar: null,
    joinLink: false,
    cancelLink: false,
    invitationCode: true,
    template: 'invitation',
    languages: 'both',
    sendsTo: null,
    afterEventCancelled: false,
    supersededByLaterSequence: false,
    onlyWhilePublished: false,
  },
} as const satisfies Record<string, NotificationKindSpec>;

export type NotificationKind = keyof typeof NOTIFICATION_CATALOGUE;
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_CATALOGUE) as NotificationKind[];
export type TemplateKey = (typeof NOTIFICATION_CATALOGUE)[NotificationKind]['template'];
/** Kinds addressed to a registrant (their rows name a registration). */
export type RegistrantNotificationKind = {
  [K in NotificationKind]: (typeof NOTIFICATION_CATALOGUE)[K]['audience'] extends 'registrant' ? K : never;
}[NotificationKind];

export function notificationKind(kind: NotificationKind): NotificationKindSpec {
  const spec: NotificationKindSpec | undefined = NOTIFICATION_CATALOGUE[kind];
  if (!spec) throw new Error(`Unknown notification kind ${JSON.stringify(kind)}`);
  return spec;
}

/**
 * The ledger key of one email: kind, target (registration or invitation id)
 * and what tells this sending from others of the same kind to the same
 * target: the event's sequence when the row was written (plus a reminder's
 * offset), or an invitation's round. Writing the same fact twice hits the
 * unique key, so it is harmless.
 */
export function notificationDedupeKey(
  kind: NotificationKind,
  targetId: string,
  ...parts: ReadonlyArray<string | number>
): string {
  return [kind, targetId, ...parts].join(':');
}
