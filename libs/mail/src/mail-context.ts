import type { MailAddress } from '@cohost/config';
import type { ConsoleUserNotificationKind, EventNotificationKind, PartnerNotificationKind } from '@cohost/domain';

/**
 * Everything needed to render one email, loaded by the worker from the
 * database at send time. Rendering is pure: the same context gives the same
 * message (apart from DTSTAMP, which is `sentAt`).
 */
export interface MailContext {
  kind: EventNotificationKind;
  /**
   * Id of the notification row (added by libs/mail, optional). Gives a
   * deterministic Message-ID `<n-{id}.cohost@{sender domain}>`, so a job that
   * runs again produces the same message; without it the Message-ID is
   * derived from kind, event, sequence, recipient and data.
   */
  notificationId?: string;
  /** The send time; DTSTAMP of the calendar part. */
  sentAt: Date;
  /** Platform sender; also the calendar ORGANIZER (mailto:). */
  from: MailAddress;
  recipient: {
    email: string;
    /** null for invitations (no registration yet). */
    name: string | null;
    locale: 'ja' | 'en';
    /** IANA zone the recipient reads times in. */
    timezone: string;
  };
  event: {
    id: string;
    slug: string;
    /** Stable calendar UID, only [A-Za-z0-9._@-]. */
    uid: string;
    sequence: number;
    status: 'draft' | 'published' | 'cancelled';
    title: { en?: string; ja?: string };
    description: { en?: string; ja?: string };
    startsAt: Date;
    endsAt: Date;
    /** Display zone of the event. */
    timezone: string;
    /** Present only where the recipient may see it (confirmed registrants). */
    joinUrl?: string;
    cancelReason?: string | null;
  };
  host: { slug: string; name: { en: string; ja?: string }; timezone: string; contactEmail: string };
  /**
   * Who sent an invitation (invitations only): the host or the co-host
   * partner that sent it. Its zone is one of the zones the invitation shows;
   * its contact address is the invitation's Reply-To ("Replies reach …").
   */
  inviter?: { slug: string; name: { en: string; ja?: string }; timezone: string; contactEmail: string };
  /**
   * Accepted co-hosts only. `timezone` is set for invitations only (they show
   * times in every partner's zone); other kinds name the co-hosts and no more.
   */
  cohosts: Array<{ slug: string; name: { en: string; ja?: string }; timezone?: string }>;
  links: {
    /** Public page of the event. */
    event: string;
    /** `PUBLIC_BASE_URL/cancel?token=...` (kinds with a cancel link: confirmations, promotions, waitlist). */
    cancel?: string;
    /** Register link with the invitation code (invitations). */
    register?: string;
    /** Public .ics of the event. */
    ics: string;
    /**
     * One-click unsubscribe (`PUBLIC_BASE_URL/unsubscribe?token=...`): written as
     * `List-Unsubscribe` + `List-Unsubscribe-Post` on kinds the catalogue marks
     * `listUnsubscribe`, ignored on the others.
     */
    unsubscribe?: string;
    /** A registrant's own erasure request (`PUBLIC_BASE_URL/erasure?token=...`): in the footer of every email. */
    erase?: string;
  };
  /** Kind-specific, from the notification row: e.g. `waitlistPosition`, `previous` times, reminder `offset`. */
  data: Record<string, unknown>;
}

/**
 * An email to a console user (`console-user` kinds: the sign-in link): no
 * event, one freshly minted link, in the language of the page it was asked on.
 */
export interface SignInMailContext {
  kind: ConsoleUserNotificationKind;
  from: MailAddress;
  recipient: { email: string; locale: 'ja' | 'en' };
  /** `PUBLIC_BASE_URL/console/sign-in/confirm?token=…`, minted for this one email. */
  link: string;
  /** How long the link works (the catalogue's `signInLink.validMinutes`). */
  validMinutes: number;
}

/**
 * A notice to a partner's contact address (`partner-contact` kinds, e.g. a
 * webhook endpoint the platform disabled): no event, in Japanese and
 * English, with one link to the console page where the partner acts on it.
 */
export interface PartnerMailContext {
  kind: PartnerNotificationKind;
  from: MailAddress;
  recipient: { email: string };
  partner: { name: { en: string; ja?: string } };
  /** `PUBLIC_BASE_URL/console/…`: where the partner's organizers act on it. */
  link: string;
  /** The row's facts (e.g. the endpoint's URL, the reason, when). */
  data: Record<string, unknown>;
}

/** What the renderer takes: an event's email, a console user's, or a partner contact's. */
export type AnyMailContext = MailContext | SignInMailContext | PartnerMailContext;
