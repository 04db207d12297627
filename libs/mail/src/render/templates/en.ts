import { followupLinks, followupText } from '../notification-data';
import { endedCount, endedList } from './ended-list';
import type { TemplateSet } from './template';
import { paragraphsOf, writtenText } from './written-text';
import { webhookDisabledEn } from './webhook-disabled';

export const en: TemplateSet = {
  words: {
    greeting: (name) => (name ? `Dear ${name},` : 'Hello,'),
    calendarNote: {
      REQUEST: 'The attached calendar file adds the event to your calendar.',
      REQUEST_UPDATE: 'The attached calendar file updates the entry in your calendar.',
      CANCEL: 'The attached calendar file removes the event from your calendar.',
    },
    label: {
      event: 'Event',
      when: 'When',
      host: 'Host',
      cohosts: 'Co-hosts',
      invitedBy: 'Invited by',
      join: 'Join',
      eventPage: 'Event page',
      cancel: 'Cancel your registration',
      leaveWaitlist: 'Leave the waitlist',
      register: 'Register',
      position: 'Waitlist position',
      recording: 'Recording',
      survey: 'Survey',
    },
    listSeparator: ', ',
    unsubscribe: 'Unsubscribe from invitations and announcements',
    erase: 'Erase my data from cohost',
    organizerFooter: 'You receive this email as an organizer of a partner on cohost.',
    footer: (h, invited) =>
      invited
        ? `You receive this email because ${h} invited you through cohost. Replies reach ${h}.`
        : `You receive this email because you registered for this event on cohost. Replies reach ${h}.`,
  },
  kinds: {
    confirmed: {
      subject: (v) => `Registration confirmed: ${v.title}`,
      body: (v) => ({ paragraphs: [`Your registration for "${v.title}" is confirmed.`] }),
    },
    promoted: {
      subject: (v) => `A seat opened up, you are registered: ${v.title}`,
      body: (v) => ({
        paragraphs: [
          `A seat has become available: you have moved up from the waitlist and your registration for "${v.title}" is now confirmed.`,
        ],
      }),
    },
    waitlisted: {
      subject: (v) => (v.position ? `Waitlisted (#${v.position}): ${v.title}` : `Waitlisted: ${v.title}`),
      body: (v) => ({
        paragraphs: [
          `"${v.title}" is full, so you are on the waitlist${v.position ? ` at position ${v.position}` : ''}. If a seat becomes available you will be registered automatically and we will email you.`,
          'If you no longer wish to attend, leave the waitlist with the link below.',
        ],
      }),
    },
    registrationCancelled: {
      subject: (v) => `Registration cancelled: ${v.title}`,
      body: (v) => ({
        paragraphs: [
          `Your registration for "${v.title}" has been cancelled. You can register again on the event page while registration is open.`,
        ],
      }),
    },
    leftWaitlist: {
      subject: (v) => `You left the waitlist: ${v.title}`,
      body: (v) => ({
        paragraphs: [
          `You are no longer on the waitlist for "${v.title}". You can register again on the event page while registration is open.`,
        ],
      }),
    },
    updated: {
      subject: (v) => `Updated: ${v.title}`,
      body: (v) => ({
        paragraphs: [`"${v.title}" has changed:`],
        changes: [
          ...(v.changes.title ? [`Title: ${v.changes.title.before} → ${v.changes.title.after}`] : []),
          ...(v.changes.time
            ? [`Time: ${v.changes.time.before ? `${v.changes.time.before} → ` : ''}${v.changes.time.after}`]
            : []),
          ...(v.changes.joinUrl ? ['The join link has changed; please use the new link below.'] : []),
        ],
      }),
    },
    eventCancelled: {
      subject: (v) => `Cancelled: ${v.title}`,
      body: (v) => ({
        paragraphs: [
          `We are sorry: "${v.title}" has been cancelled by the organizers.`,
          ...(v.reason ? [`Reason: ${v.reason}`] : []),
        ],
      }),
    },
    eventCancelledWaitlisted: {
      subject: (v) => `Cancelled: ${v.title}`,
      body: (v) => ({
        paragraphs: [
          `We are sorry: "${v.title}" has been cancelled by the organizers, so the waitlist you were on has been closed. There is nothing you need to do.`,
          ...(v.reason ? [`Reason: ${v.reason}`] : []),
        ],
      }),
    },
    reminder: {
      subject: (v) => (v.startsIn ? `Reminder: ${v.title} starts in ${v.startsIn}` : `Reminder: ${v.title}`),
      body: (v) => ({
        paragraphs: [v.startsIn ? `"${v.title}" starts in ${v.startsIn}.` : `"${v.title}" is starting.`],
      }),
    },
    followup: {
      subject: (v) => `Thank you: ${v.title}`,
      body: (v) => ({
        paragraphs: [followupText(v.data, 'en')].filter(Boolean),
        links: followupLinks(v.data, en.words.label),
      }),
    },
    announcement: {
      subject: (v) => `[${v.title}] ${writtenText(v.data, 'subject', 'en')}`,
      body: (v) => ({ paragraphs: paragraphsOf(writtenText(v.data, 'body', 'en')) }),
    },
    invitation: {
      subject: (v) => `Invitation from ${v.inviter}: ${v.title}`,
      body: (v) => ({
        paragraphs: [
          `${v.inviter} invites you to "${v.title}"${v.inviter !== v.host ? `, hosted by ${v.host}` : ''}. Please register with the link below; it carries your personal invitation code.`,

          ...(v.description ? [v.description] : []),
        ],
      }),
    },
    signIn: {
      subject: () => 'Your sign-in link for the cohost console',
      body: (v) => ({
        paragraphs: [
          'Someone (hopefully you) asked to sign in to the cohost console with this address.',
          `Open the link below and press "Sign in". The link works once, for ${v.validMinutes} minutes.`,
          'If you did not ask for it, ignore this email: nobody can sign in without the link.',
        ],
      }),
      linkLabel: 'Sign in',
      footer: 'This email was sent by cohost because of a sign-in request. Do not forward it.',
    },
    cohostingEnded: {
      subject: (v) => `Co-hosting ended: ${v.data.partner ?? 'a partner'}, ${endedCount(v)} webinar(s)`,
      body: (v) => ({
        paragraphs: [
          `The ${String(v.data.agreementKind ?? 'agreement')} with ${String(v.data.partner ?? 'a partner')} ended on ${String(v.data.endsOn ?? '')} (${v.data.reason === 'expired' ? 'expired' : 'terminated'}). It no longer covers the webinars below, so their co-hosting has ended: the co-host is no longer shown, cannot edit them and no longer sees their registrants. Past webinars keep their history.`,
          endedList(v, 'en'),
        ],
      }),
    },
    webhookEndpointDisabled: webhookDisabledEn,
  },
};
