/**
 * Texts of the webinar form's members-only and personal-link fields
 * (English); spread into `organizerEn`, so they share its keys' type and
 * `event-form-ja.ts` has the same keys (the organizer texts' unit test checks).
 */
export const eventFormEn = {
  'org.label.audience': 'Who can register',
  'org.audience.public': 'Anyone',
  'org.audience.members': 'Member organizations only: addresses of their email domains',
  'org.help.audience':
    'Members only: other addresses are refused, and the registrant’s organization is taken from the member roster.',
  'org.label.seatsPerOrganization': 'Seats per member organization',
  'org.help.seatsPerOrganization':
    'Members only: at most this many confirmed seats for each organization; the next ones go to the waitlist when it is on, else are refused. Leave empty for no limit.',
  'org.label.joinWindowMinutes': 'Personal join links open (minutes before the start)',
  'org.help.joinWindowMinutes':
    'Confirmed registrants get a personal link that leads to the join link from this many minutes before the start until the end (0 to 1,440).',
  'org.field.audience': 'Choose who can register: anyone or member organizations only.',
  'org.field.seatsPerOrganization': 'Enter a whole number from 1 to 1,000,000, or leave empty for no limit.',
  'org.field.joinWindowMinutes': 'Enter a whole number of minutes from 0 to 1,440.',
  'org.label.recordingUrl': 'Recording link (https, optional)',
  'org.help.recordingUrl':
    'Shown to registrants on their personal link’s page once the webinar has ended, and in the follow-up. Leave empty to remove it.',
  'org.label.recordingPublic': 'Also show the recording link on the public webinar page',
  'org.field.recordingUrl': 'Enter a link starting with https://, or leave empty.',
  'org.event.audience': 'Who can register',
  'org.event.audienceMembersCap': '{audience}; at most {n} confirmed per organization',
  'org.event.joinWindow': 'Personal join links',
  'org.event.joinWindowValue': 'open {n} minutes before the start',
} as const;
