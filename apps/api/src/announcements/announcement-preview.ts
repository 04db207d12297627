import type { EventEntity } from '@cohost/database';
import { calendarUid, mailCohosts, mailEvent, partnerName, renderMessage, type MailContext } from '@cohost/mail';

/** Whom a preview is addressed to: the first registrant of the audience in that language, or a sample. */
export interface PreviewRecipient {
  email: string;
  name: string | null;
  timezone: string;
}

/**
 * The `event.announcement` email one recipient would get, rendered by the
 * worker's own renderer (`renderMessage`): the same context the worker
 * builds for such a row (no join or cancel link for this kind), with
 * placeholder tokens in the personal links (unsubscribe, erase), which are
 * minted only when the real email is sent.
 */
export function renderAnnouncementPreview(input: {
  /** With host and co-hosts (and their partners). */
  event: EventEntity;
  locale: 'ja' | 'en';
  recipient: PreviewRecipient;
  texts: Record<'ja' | 'en', { subject: string; body: string }>;
  publicBaseUrl: string;
  from: MailContext['from'];
  now: Date;
}): { subject: string; text: string; html: string } {
  const { event, locale, publicBaseUrl: base } = input;
  const host = event.host!;
  const context: MailContext = {
    kind: 'event.announcement',
    notificationId: 'preview',
    sentAt: input.now,
    from: input.from,
    recipient: { email: input.recipient.email, name: input.recipient.name, locale, timezone: input.recipient.timezone },
    event: mailEvent(event, calendarUid(event.id)),
    host: { slug: host.slug, name: partnerName(host), timezone: host.timezone, contactEmail: host.contactEmail },
    cohosts: mailCohosts(event.cohosts),
    links: {
      event: `${base}/events/${event.slug}`,
      ics: `${base}/api/v1/events/${event.slug}/calendar.ics`,
      unsubscribe: `${base}/unsubscribe?token=preview`,
      erase: `${base}/erasure?token=preview`,
    },
    data: {
      announcementId: 'preview',
      subject: { [locale]: input.texts[locale].subject },
      body: { [locale]: input.texts[locale].body },
    },
  };
  const message = renderMessage(context);
  return { subject: message.subject, text: message.text, html: message.html };
}
