import type { EventEntity } from '@cohost/database';
import type { ConsoleUserNotificationKind, EventNotificationKind, PartnerNotificationKind } from '@cohost/domain';
import {
  mailCohosts,
  mailEvent,
  partnerName,
  type MailContext,
  type PartnerMailContext,
  type SignInMailContext,
} from '@cohost/mail';
import type {
  LoadedInvitation,
  LoadedNotification,
  LoadedSignIn,
  PendingNotification,
  Recipient,
} from './ledger-statements';

export interface MailContextInput {
  notification: Pick<PendingNotification, 'kind' | 'data'>;
  /** With host and co-hosts (and their partners). */
  event: EventEntity;
  registration: Recipient | null;
  invitation: LoadedInvitation | null;
  /** The organizer of an organizer-audience email. */
  organizer?: { email: string; name: string } | null;
  /** What `decideDelivery` allowed. */
  allow: { joinUrl: boolean; cancelLink: boolean };
  /**
   * Minted for this email: a cancel token (kinds with a cancel link), a
   * personal join link's token (kinds with a join link, confirmed
   * registrants), an invitation code (invitations); signed address links:
   * unsubscribe (bulk kinds) and erase (registrants' and invitees' emails).
   */
  secrets: {
    cancelToken?: string;
    joinToken?: string;
    invitationCode?: string;
    unsubscribeToken?: string;
    eraseToken?: string;
  };
  /** The registrant's place in the waitlist now, when the row did not record it. */
  waitlistPosition?: number;
  sentAt: Date;
  publicBaseUrl: string;
  from: MailContext['from'];
  calendarUid: string;
}

/**
 * The renderer's {@link MailContext} from rows loaded at send time. Pure: the
 * secrets were minted and the rows loaded before; this only decides what of
 * them the email may show (the personal join link only to a confirmed registrant).
 */
export function buildMailContext(input: MailContextInput): MailContext {
  const { notification, event, registration, invitation, allow, secrets, publicBaseUrl: base } = input;
  const host = event.host!;
  const data: Record<string, unknown> = { ...notification.data };
  if (input.waitlistPosition !== undefined && typeof data.waitlistPosition !== 'number') {
    data.waitlistPosition = input.waitlistPosition;
  }
  const links: MailContext['links'] = {
    event: `${base}/events/${event.slug}`,
    ics: `${base}/api/v1/events/${event.slug}/calendar.ics`,
  };
  if (secrets.cancelToken) links.cancel = `${base}/cancel?token=${encodeURIComponent(secrets.cancelToken)}`;
  if (secrets.eraseToken) links.erase = `${base}/erasure?token=${secrets.eraseToken}`;
  if (secrets.unsubscribeToken) links.unsubscribe = `${base}/unsubscribe?token=${secrets.unsubscribeToken}`;
  if (secrets.invitationCode) {
    links.register = `${base}/events/${event.slug}?code=${encodeURIComponent(secrets.invitationCode)}`;
  }
  const partners = [host, ...(event.cohosts ?? []).flatMap((c) => (c.partner ? [c.partner] : []))];
  // Who sent this round (the row's data), else who first invited the address.
  const inviterId =
    typeof data.invitedByPartnerId === 'string' ? data.invitedByPartnerId : invitation?.invitedByPartnerId;
  const inviter = invitation && inviterId ? partners.find((p) => p.id === inviterId) : undefined;
  return {
    kind: notification.kind as EventNotificationKind,
    sentAt: input.sentAt,
    from: input.from,
    recipient: input.organizer
      ? // Organizer emails go out in both languages (no language is recorded for organizers).
        {
          email: input.organizer.email,
          name: input.organizer.name,
          locale: host.country === 'JP' ? 'ja' : 'en',
          timezone: event.timezone,
        }
      : registration
        ? {
            email: registration.email,
            name: registration.name,
            locale: registration.locale,
            timezone: registration.timezone,
          }
        : // Invitations go out in both languages, with the event's, host's, inviter's and co-hosts' zones.
          {
            email: invitation!.email,
            name: null,
            locale: host.country === 'JP' ? 'ja' : 'en',
            timezone: event.timezone,
          },
    event: {
      ...mailEvent(event, input.calendarUid),
      // The personal link (`/j/<token>`), never the meeting URL: it leads there during the join window.
      ...(allow.joinUrl && registration?.status === 'confirmed' && secrets.joinToken
        ? { joinUrl: `${base}/j/${encodeURIComponent(secrets.joinToken)}` }
        : {}),
    },
    host: {
      slug: host.slug,
      name: partnerName(host),
      timezone: host.timezone,
      contactEmail: host.contactEmail,
    },
    ...(inviter
      ? {
          inviter: {
            slug: inviter.slug,
            name: partnerName(inviter),
            timezone: inviter.timezone,
            contactEmail: inviter.contactEmail,
          },
        }
      : {}),
    // Invitations show times in every partner's zone, so they carry the co-hosts' zones; other kinds do not.
    cohosts: mailCohosts(event.cohosts, { zones: invitation !== null }),
    links,
    data,
  };
}

export interface SignInMailContextInput {
  notification: Pick<PendingNotification, 'kind' | 'data'>;
  signIn: Pick<LoadedSignIn, 'email'>;
  /** Minted for this email; only its SHA-256 is on the sign-in request. */
  secrets: { signInToken: string };
  /** The catalogue's `signInLink.validMinutes`. */
  validMinutes: number;
  publicBaseUrl: string;
  from: SignInMailContext['from'];
}

/**
 * The renderer's context of a console user's email (`console.sign_in`): the
 * request's address, the language of the page it was asked on (the row's
 * `data.locale`) and the link with the freshly minted token. Pure.
 */
export function buildSignInMailContext(input: SignInMailContextInput): SignInMailContext {
  const { notification, signIn, secrets, publicBaseUrl: base } = input;
  return {
    kind: notification.kind as ConsoleUserNotificationKind,
    from: input.from,
    recipient: { email: signIn.email, locale: notification.data.locale === 'en' ? 'en' : 'ja' },
    link: `${base}/console/sign-in/confirm?token=${encodeURIComponent(secrets.signInToken)}`,
    validMinutes: input.validMinutes,
  };
}

/** Where a partner's organizers act on each partner notice, under `PUBLIC_BASE_URL`. */
const PARTNER_NOTICE_PATHS: Record<PartnerNotificationKind, string> = {
  'webhook.endpoint_disabled': '/console/webhooks',
};

/**
 * The renderer's context of a notice to a partner's contact address
 * (`partner-contact` kinds): the partner's current contact address and name,
 * the row's facts and the console page to act on it. Pure.
 */
export function buildPartnerMailContext(input: {
  notification: Pick<PendingNotification, 'kind' | 'data'>;
  partner: NonNullable<LoadedNotification['partner']>;
  publicBaseUrl: string;
  from: PartnerMailContext['from'];
}): PartnerMailContext {
  const kind = input.notification.kind as PartnerNotificationKind;
  return {
    kind,
    from: input.from,
    recipient: { email: input.partner.contactEmail },
    partner: { name: input.partner.name },
    link: `${input.publicBaseUrl}${PARTNER_NOTICE_PATHS[kind]}`,
    data: { ...input.notification.data },
  };
}
