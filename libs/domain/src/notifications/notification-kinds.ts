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
 * worker (`buildMailContext`), and its rows name it by their own column. A
 * kind for a new audience adds it here with that column; kinds whose text is
 * written per sending (`event.announcement`, `event.followup` to registrants)
 * need no new audience: their templates read the texts from the row's `data`.
 */
export type NotificationAudience =
  /** The registration's address, name, language and zone (rows: `registration_id`). */
  | 'registrant'
  /** The invitation's address; no name, and the language is unknown (see `languages`); rows: `invitation_id`. */
  | 'invitee'
  /**
   * A hub admin or organizer signing in to the console: the sign-in
   * request's address and page language (rows: `sign_in_id`, no event).
   */
  | 'console-user'
  /** A partner's organizer (rows: `organizer_id`, with an event): name and address; Japanese and English. */
  | 'organizer'
  /**
   * A partner's contact address (`partners.contact_email`; rows:
   * `partner_id`, no event): the platform's notices about the partner's own
   * setup, e.g. a webhook endpoint it disabled; Japanese and English.
   */
  | 'partner-contact';

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
  /**
   * Carries a freshly minted console sign-in link (`console-user` kinds):
   * the link works `validMinutes` from the send, and the email goes out only
   * within `sendWithinMinutes` of the request (later, the person has asked
   * again or given up).
   */
  signInLink: { validMinutes: number; sendWithinMinutes: number } | null;
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
  /**
   * Not transactional (CHECKLIST 47): carries RFC 8058 one-click unsubscribe
   * (`List-Unsubscribe` + `List-Unsubscribe-Post`), and is not sent to an
   * address in `mail_suppressions` (unsubscribed, or hard-bounced). True for
   * invitations, announcements and follow-ups; never for confirmations,
   * updates, cancellations or reminders of a registration the person made.
   */
  listUnsubscribe: boolean;
}

const registrant = {
  audience: 'registrant',
  invitationCode: false,
  signInLink: null,
  languages: 'recipient',
  supersededByLaterSequence: false,
  onlyWhilePublished: false,
  listUnsubscribe: false,
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
    // Not transactional: one-click unsubscribe, and not sent to a suppressed address.
    listUnsubscribe: true,
  },
  /**
   * An organizer's message to the registrants they chose (confirmed,
   * waitlisted or both), written in Japanese and English for each sending:
   * the row's data holds the announcement's id and its subject and body in
   * the recipient's language (see libs/mail `templates/written-text.ts`).
   * Whoever has left the event or its waitlist by the send is skipped.
   */
  'event.announcement': {
    ...registrant,
    calendar: null,
    joinLink: false,
    cancelLink: false,
    template: 'announcement',
    sendsTo: ['confirmed', 'waitlisted'],
    afterEventCancelled: false,
    onlyWhilePublished: true,
    // Not transactional: one-click unsubscribe, and not sent to a suppressed address.
    listUnsubscribe: true,
  },
  invitation: {
    audience: 'invitee',
    calendar: null,
    joinLink: false,
    cancelLink: false,
    invitationCode: true,
    signInLink: null,
    template: 'invitation',
    languages: 'both',
    sendsTo: null,
    afterEventCancelled: false,
    supersededByLaterSequence: false,
    onlyWhilePublished: false,
    listUnsubscribe: true,
  },
  /**
   * To each organizer of both partners of an agreement that was terminated or
   * expired: the webinars whose co-hosting it no longer covers (now `ended`),
   * listed in the row's `data.events`; the row's event is the first of them.
   */
  'agreement.cohosting_ended': {
    audience: 'organizer',
    calendar: null,
    joinLink: false,
    cancelLink: false,
    invitationCode: false,
    signInLink: null,
    template: 'cohostingEnded',
    languages: 'both',
    sendsTo: null,
    afterEventCancelled: true,
    supersededByLaterSequence: false,
    onlyWhilePublished: false,
    listUnsubscribe: false,
  },
  /**
   * To the partner's contact address, once per disablement: the platform
   * disabled one of its webhook endpoints (it answered 410 Gone, or failed
   * for `WEBHOOK_DISABLE_AFTER_MS`). The row's `data` holds the endpoint's
   * id and URL, the reason, since when it failed and when it was disabled.
   */
  'webhook.endpoint_disabled': {
    audience: 'partner-contact',
    calendar: null,
    joinLink: false,
    cancelLink: false,
    invitationCode: false,
    signInLink: null,
    template: 'webhookEndpointDisabled',
    languages: 'both',
    sendsTo: null,
    afterEventCancelled: true,
    supersededByLaterSequence: false,
    onlyWhilePublished: false,
    listUnsubscribe: false,
  },
  /** The console's sign-in link, in the language of the page it was asked on; no event. */
  'console.sign_in': {
    audience: 'console-user',
    calendar: null,
    joinLink: false,
    cancelLink: false,
    invitationCode: false,
    signInLink: { validMinutes: 15, sendWithinMinutes: 60 },
    template: 'signIn',
    languages: 'recipient',
    sendsTo: null,
    afterEventCancelled: true,
    supersededByLaterSequence: false,
    onlyWhilePublished: false,
    listUnsubscribe: false,
  },
} as const satisfies Record<string, NotificationKindSpec>;

export type NotificationKind = keyof typeof NOTIFICATION_CATALOGUE;
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_CATALOGUE) as NotificationKind[];
export type TemplateKey = (typeof NOTIFICATION_CATALOGUE)[NotificationKind]['template'];
/** Kinds addressed to a registrant (their rows name a registration). */
export type RegistrantNotificationKind = {
  [K in NotificationKind]: (typeof NOTIFICATION_CATALOGUE)[K]['audience'] extends 'registrant' ? K : never;
}[NotificationKind];

/** Audiences whose emails are about no event. */
type EventlessAudience = 'console-user' | 'partner-contact';

/** Kinds about an event (every audience but the console's and the partner contact's); the API's notification lists show only these. */
export type EventNotificationKind = {
  [K in NotificationKind]: (typeof NOTIFICATION_CATALOGUE)[K]['audience'] extends EventlessAudience ? never : K;
}[NotificationKind];
export const EVENT_NOTIFICATION_KINDS = NOTIFICATION_KINDS.filter(
  (kind): kind is EventNotificationKind =>
    NOTIFICATION_CATALOGUE[kind].audience !== 'console-user' &&
    NOTIFICATION_CATALOGUE[kind].audience !== 'partner-contact',
);
/** Kinds addressed to a console user (their rows name a `console_sign_ins` request). */
export type ConsoleUserNotificationKind = {
  [K in NotificationKind]: (typeof NOTIFICATION_CATALOGUE)[K]['audience'] extends 'console-user' ? K : never;
}[NotificationKind];
/** Templates of the console user's kinds: they read a sign-in link's variables, not an event's. */
export type ConsoleUserTemplateKey = (typeof NOTIFICATION_CATALOGUE)[ConsoleUserNotificationKind]['template'];
/** Kinds addressed to a partner's contact address (their rows name a partner). */
export type PartnerNotificationKind = {
  [K in NotificationKind]: (typeof NOTIFICATION_CATALOGUE)[K]['audience'] extends 'partner-contact' ? K : never;
}[NotificationKind];
/** Templates of the partner contact's kinds: they read the partner's name and the row's data, not an event. */
export type PartnerTemplateKey = (typeof NOTIFICATION_CATALOGUE)[PartnerNotificationKind]['template'];

export function isConsoleUserKind(kind: NotificationKind): kind is ConsoleUserNotificationKind {
  return NOTIFICATION_CATALOGUE[kind].audience === 'console-user';
}

export function isPartnerKind(kind: NotificationKind): kind is PartnerNotificationKind {
  return NOTIFICATION_CATALOGUE[kind].audience === 'partner-contact';
}

/** How long a console sign-in link works once its email is sent. */
export const SIGN_IN_LINK_MINUTES = NOTIFICATION_CATALOGUE['console.sign_in'].signInLink.validMinutes;

export function notificationKind(kind: NotificationKind): NotificationKindSpec {
  const spec: NotificationKindSpec | undefined = NOTIFICATION_CATALOGUE[kind];
  if (!spec) throw new Error(`Unknown notification kind ${JSON.stringify(kind)}`);
  return spec;
}

/**
 * The ledger key of one email: kind, target (registration, invitation,
 * sign-in request, organizer or endpoint id) and what tells this sending from others of the same
 * kind to the same target: the event's sequence when the row was written
 * (plus a reminder's offset), or an invitation's round; a sign-in request
 * has one email. Writing the same fact twice hits the
 * unique key, so it is harmless.
 */
export function notificationDedupeKey(
  kind: NotificationKind,
  targetId: string,
  ...parts: ReadonlyArray<string | number>
): string {
  return [kind, targetId, ...parts].join(':');
}
