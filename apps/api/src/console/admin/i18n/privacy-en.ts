/** Texts of the hub admin's privacy pages (erasure, audit log, suppressions), English; `privacy-ja.ts` has the same keys. */
export const privacyEn = {
  'nav.erasure': 'Erasure',
  'nav.audit': 'Audit log',
  'nav.suppressions': 'Suppressed addresses',

  'erasure.title': 'Erase a person',
  'erasure.intro':
    'Replaces the name, address, organization and answers of every registration and invitation of an address. Counts and attendance stay; no further email goes to the address.',
  'erasure.email': 'Email address',
  'erasure.next': 'Show what would be erased',
  'erasure.field.email': 'Enter one email address such as hanako@example.jp.',
  'erasure.confirmTitle': 'Erase {email}?',
  'erasure.preview':
    '{registrations} registration(s) and {invitations} invitation(s) have this address. Partners whose webhooks received the person are told (registrant.erased). This cannot be undone.',
  'erasure.confirm': 'Erase this person',
  'erasure.other': 'Erase someone else',
  'erasure.doneTitle': 'Erased',
  'erasure.done':
    '{registrations} registration(s) and {invitations} invitation(s) erased; {skipped} pending email(s) will not be sent; {webhooks} registrant.erased webhook message(s) written.',

  'audit.title': 'Audit log',
  'audit.intro': 'Who viewed or exported registrants, erased whom, and recorded or terminated agreements (ids only).',
  'audit.filter': 'Filter',
  'audit.actor': 'Actor',
  'audit.actorHelp': 'A kind (admin, token, organizer, registrant, system), an admin’s email or an organizer’s id.',
  'audit.action': 'Action',
  'audit.anyAction': 'Any action',
  'audit.event': 'Webinar id',
  'audit.apply': 'Show',
  'audit.empty': 'No entries.',
  'audit.col.at': 'When',
  'audit.col.actor': 'Actor',
  'audit.col.action': 'Action',
  'audit.col.event': 'Webinar',
  'audit.col.agreement': 'Agreement',
  'audit.col.detail': 'Detail',
  'audit.field': 'Check the filter: the webinar id is a UUID and the actor has no control characters.',
  'audit.newer': 'Newer',
  'audit.older': 'Older',
  'audit.paging': 'Pages of the audit log',

  'suppressions.title': 'Suppressed addresses',
  'suppressions.intro':
    'These addresses get no invitations, announcements or follow-ups: they unsubscribed, or a mail server refused them (hard bounce). Confirmations and changes of their registrations still go.',
  'suppressions.empty': 'No suppressed addresses.',
  'suppressions.col.address': 'Address',
  'suppressions.col.reason': 'Reason',
  'suppressions.col.since': 'Since',
  'suppressions.col.actions': 'Actions',
  'suppressions.reason.unsubscribed': 'Unsubscribed',
  'suppressions.reason.hard_bounce': 'Hard bounce',
  'suppressions.remove': 'Remove…',
  'suppressions.removeLabel': 'Remove the suppression of {email}',
  'suppressions.removeTitle': 'Send bulk mail to {email} again?',
  'suppressions.removeIntro':
    'Invitations, announcements and follow-ups will go to this address again. Only do this when the person asked for it or the mailbox works again.',
  'suppressions.removeConfirm': 'Remove the suppression',
  'suppressions.removed': 'Bulk mail goes to {email} again.',
  'suppressions.newer': 'Newer',
  'suppressions.older': 'Older',
  'suppressions.paging': 'Pages of the suppressed addresses',
};

export type PrivacyAdminKey = keyof typeof privacyEn;
