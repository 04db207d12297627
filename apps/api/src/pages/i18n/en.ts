/** English texts of the public pages. `{name}` placeholders are filled by `translate()`. */
export const en = {
  'site.name': 'cohost',
  'site.tagline': 'Webinars co-hosted by partner organizations',
  'nav.skip': 'Skip to content',
  'nav.home': 'Upcoming webinars',
  'nav.language': 'Language',
  'nav.main': 'Main',

  'index.title': 'Upcoming webinars',
  'index.intro': 'Webinars our partner organizations host together. Open one to read more and register.',
  'index.empty': 'There are no upcoming webinars at the moment.',

  'event.hostedBy': 'Hosted by',
  'event.cohostedWith': 'Co-hosted with',
  'event.when': 'When',
  'event.timezoneNote': 'Times are shown in {zone}.',
  'event.seats': 'Seats',
  'event.seatsLeft': '{n} seats left',
  'event.seatsOpen': 'Seats available',
  'event.waitlist': 'Full: waitlist open',
  'event.full': 'Full',
  'event.details': 'Details',
  'event.more': 'Details and registration',
  'event.cancelled': 'This webinar has been cancelled.',
  'event.closed': 'Registration for this webinar is closed.',
  'event.notOpenYet': 'Registration opens on {date}.',
  'event.fullNoWaitlist': 'This webinar is full.',
  'event.waitlistNotice':
    'The webinar is full. If you register, you are placed on the waitlist and we email you when a seat becomes free.',
  'event.inviteOnly': 'This webinar is by invitation. Please use the link in your invitation email.',
  'event.calendarFeed': 'Add this webinar to your calendar',

  'form.title': 'Register',
  'form.intro': 'All fields are required unless marked optional.',
  'form.name': 'Name',
  'form.email': 'Email address',
  'form.emailHelp': 'We send the confirmation, the join link and updates here.',
  'form.organization': 'Organization',
  'form.locale': 'Language of emails',
  'form.timezone': 'Your time zone',
  'form.timezoneHelp': 'Times in your emails are shown in this zone.',
  'form.consent': 'Share my name, email address and organization with the co-hosting partners',
  'form.consentHelp':
    'The host always sees your registration. If you tick this box, the co-hosting partners ({partners}) see it too, so they can contact you about this webinar. If you leave it empty, they only see the number of registrations.',
  'form.consentHelpNoCohosts':
    'The host always sees your registration. If co-hosting partners join this webinar later and you tick this box, they see it too; otherwise they only see the number of registrations.',
  'form.via': 'Registering through {partner}',
  'form.submit': 'Register',
  'form.submitWaitlist': 'Join the waitlist',
  'form.errorSummary': 'Please correct the following:',

  'field.name': 'Enter your name (up to 200 characters, one line).',
  'field.email': 'Enter a valid email address, like name@example.org.',
  'field.organization': 'Enter your organization (up to 200 characters, one line).',
  'field.locale': 'Choose Japanese or English.',
  'field.timezone': 'Choose a time zone from the list.',
  'field.via': 'The partner link you followed is not valid.',
  'field.other': 'A value is not valid.',
  'field.answer': 'Check this answer: required ones must be given, within the length shown, from the choices listed.',
  'form.required': 'required',
  'form.questions': 'Questions from the organizers',
  'error.NOT_A_MEMBER':
    "This webinar is for the hub's member organizations only, and your email address's domain is not on its list of members.",
  'error.notMemberContact':
    'If your organization is a member, register with your work address, or ask {host} ({email}) to add your domain.',
  'error.ORGANIZATION_FULL': 'Your organization has used all its seats at this webinar, which has no waitlist.',

  'result.confirmedTitle': 'You are registered',
  'result.confirmedBody':
    'Your seat is confirmed. We are sending a confirmation to {email} with the join link and a link to cancel.',
  'result.waitlistedTitle': 'You are on the waitlist',
  'result.waitlistedBody':
    'Your position on the waitlist: {position}. We email {email} as soon as a seat becomes free.',
  'result.position': 'Position',
  'result.calendarTitle': 'Your calendar',
  'result.invitationBody':
    'The confirmation sent to {email} is also a calendar invitation. Accept it (Gmail and Outlook usually add it by themselves) and the entry follows every change of time and a cancellation.',
  'result.icsHelp':
    'The calendar file carries the same identifier as the invitation, so calendars treat both as one entry.',
  'result.copyTitle': 'Copy to a web calendar',
  'result.copyWarning':
    'These buttons add a separate copy: it is not updated if the time changes or the webinar is cancelled. Use them only if the invitation does not reach your calendar.',
  'result.waitlistedCalendar':
    'No calendar entry yet: if a seat becomes free, we email you the invitation for your calendar.',
  'result.google': 'Google Calendar',
  'result.outlook': 'Outlook',
  'result.ics': 'Calendar file (.ics)',
  'result.back': 'Back to the webinar',

  'partner.title': 'Webinars of {name}',
  'partner.subscribe': 'Subscribe to this calendar',
  'partner.subscribeHelp': 'Your calendar app keeps the webinars of {name} up to date.',
  'partner.download': 'Download the calendar (.ics)',
  'partner.empty': '{name} has no upcoming webinars at the moment.',

  'cancel.title': 'Cancel your registration',
  'cancel.question': 'Do you want to cancel your registration for this webinar?',
  'cancel.registrant': 'Registered',
  'cancel.status': 'Status',
  'cancel.confirm': 'Yes, cancel my registration',
  'cancel.keep': 'No, keep my registration',
  'cancel.doneTitle': 'Your registration is cancelled',
  'cancel.doneBody':
    'We have cancelled your registration and are sending a confirmation by email. You can register again while registration is open.',
  'cancel.invalidTitle': 'This link is no longer valid',
  'cancel.invalidBody':
    'The cancellation link is unknown or has already been used. If your registration is still active, use the link in your most recent email.',

  'status.confirmed': 'Confirmed',
  'status.waitlisted': 'On the waitlist',
  'status.cancelled': 'Cancelled',

  'error.title': 'Something went wrong',
  'error.notFoundTitle': 'Page not found',
  'error.notFound': 'We could not find this page or webinar.',
  'error.DUPLICATE': 'This email address is already registered for this webinar.',
  'error.FULL': 'This webinar is full and has no waitlist.',
  'error.CLOSED': 'Registration for this webinar is closed.',
  'error.NOT_OPEN': 'Registration for this webinar has not opened yet.',
  'error.CANCELLED': 'This webinar has been cancelled.',
  'error.INVITE_ONLY': 'This webinar is by invitation. Please use the link in your invitation email.',
  'error.RATE_LIMITED': 'Too many attempts. Please wait a minute and try again.',
  'error.INVALID': 'Some fields need your attention.',
  'error.CSRF': 'The form expired. Please check your entries and submit it again.',
  'error.CONFLICT': 'This cannot be done in the current state. Please reload the page.',
  'error.RULE': 'This registration is not possible.',
  'error.FORBIDDEN': 'You may not do this.',
  'error.UNAVAILABLE': 'The service is temporarily unavailable. Please try again in a moment.',
  'error.SERVER': 'Something went wrong on our side. Please try again later and quote error id {id} if you contact us.',
  'error.BAD_REQUEST': 'The request was not valid.',
  'error.home': 'See the upcoming webinars',

  'join.beforeTitle': 'The webinar has not started yet',
  'join.beforeBody': 'Come back to this link from {opens}: it will take you straight to the webinar.',
  'join.calendar': 'Add it to your calendar',
  'join.invitationBody':
    'Your confirmation email is also a calendar invitation. Accept it (Gmail and Outlook usually add it by themselves) and the entry follows every change of time and a cancellation.',
  'join.endedTitle': 'This webinar has ended',
  'join.endedBody': 'Thank you for your interest.',
  'join.recording': 'Watch the recording',
  'join.cancelledTitle': 'Your registration is cancelled',
  'join.cancelledBody':
    'This link belongs to a registration that was cancelled, so it no longer leads to the webinar. You can register again on the event page while registration is open.',
  'join.waitlistedTitle': 'You are on the waitlist',
  'join.waitlistedBody':
    'This webinar is full and you are on its waitlist. If a seat becomes free, we email you and this link will lead to the webinar.',
  'join.eventCancelledTitle': 'This webinar has been cancelled',
  'join.eventCancelledBody': 'The organizers cancelled this webinar.',
  'join.invalidTitle': 'This link is not valid',
  'join.invalidBody': 'We do not know this join link. Please use the link in your most recent email about the webinar.',
  'event.recording': 'Recording',

  'footer.note': 'Questions about a webinar? Contact its host.',
} as const;

export type MessageKey = keyof typeof en;
