import type { EventEntity } from '@cohost/database';
import type { NotificationKind } from '@cohost/domain';
import type { MailContext } from '@cohost/mail';
import type { LoadedInvitation, PendingNotification, Recipient } from './ledger-statements';

export interface MailContextInput {
  notification: Pick<PendingNotification, 'kind' | 'data'>;
  /** With host and co-hosts (and their partners). */
  event: EventEntity;
  registration: Recipient | null;
  invitation: LoadedInvitation | null;
  /** What `decideDelivery` allowed. */
  allow: { joinUrl: boolean; cancelLink: boolean };
  /**
   * Minted for this email: a cancel token (kinds with a cancel link), a
   * personal join link's token (kinds with a join link, confirmed
   * registrants), an invitation code (invitations).
   */
  secrets: { cancelToken?: string; joinToken?: string; invitationCode?: string };
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
  if (secrets.invitationCode) {
    links.register = `${base}/events/${event.slug}?code=${encodeURIComponent(secrets.invitationCode)}`;
  }
  const partners = [host, ...(event.cohosts ?? []).flatMap((c) => (c.partner ? [c.partner] : []))];
  // Who sent this round (the row's data), else who first invited the address.
  const inviterId =
    typeof data.invitedByPartnerId === 'string' ? data.invitedByPartnerId : invitation?.invitedByPartnerId;
  const inviter = invitation && inviterId ? partners.find((p) => p.id === inviterId) : undefined;
  return {
    kind: notification.kind as NotificationKind,
    sentAt: input.sentAt,
    from: input.from,
    recipient: registration
      ? {
          email: registration.email,
          name: registration.name,
          locale: registration.locale,
          timezone: registration.timezone,
        }
      : // Invitations go out in both languages, with the event's, host's and inviter's zones.
        { email: invitation!.email, name: null, locale: host.country === 'JP' ? 'ja' : 'en', timezone: event.timezone },
    event: {
      id: event.id,
      slug: event.slug,
      uid: input.calendarUid,
      sequence: event.sequence,
      status: event.status,
      title: text(event.titleEn, event.titleJa),
      description: text(event.descriptionEn, event.descriptionJa),
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timezone: event.timezone,
      // The personal link (`/j/<token>`), never the meeting URL: it leads there during the join window.
      ...(allow.joinUrl && registration?.status === 'confirmed' && secrets.joinToken
        ? { joinUrl: `${base}/j/${encodeURIComponent(secrets.joinToken)}` }
        : {}),
      cancelReason: event.cancelReason,
    },
    host: {
      slug: host.slug,
      name: partnerName(host),
      timezone: host.timezone,
      contactEmail: host.contactEmail,
    },
    ...(inviter ? { inviter: { slug: inviter.slug, name: partnerName(inviter), timezone: inviter.timezone } } : {}),
    cohosts: (event.cohosts ?? [])
      .filter((c) => c.status === 'accepted' && c.partner)
      .sort((a, b) => a.invitedAt.getTime() - b.invitedAt.getTime())
      .map((c) => ({ slug: c.partner!.slug, name: partnerName(c.partner!) })),
    links,
    data,
  };
}

function partnerName(partner: { nameEn: string; nameJa: string | null }): { en: string; ja?: string } {
  return { en: partner.nameEn, ...(partner.nameJa ? { ja: partner.nameJa } : {}) };
}

function text(en: string | null, ja: string | null): { en?: string; ja?: string } {
  return { ...(en !== null ? { en } : {}), ...(ja !== null ? { ja } : {}) };
}
