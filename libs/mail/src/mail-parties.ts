import type { MailContext } from './mail-context';

/** A partner's names as stored (English required, Japanese optional). */
export interface PartnerNames {
  nameEn: string;
  nameJa: string | null;
}

/** A partner's name for a `MailContext`: `{en, ja?}`. */
export function partnerName(partner: PartnerNames): { en: string; ja?: string } {
  return { en: partner.nameEn, ...(partner.nameJa ? { ja: partner.nameJa } : {}) };
}

/** An event text for a `MailContext` from its two columns: a language that is not set is absent. */
export function localizedText(en: string | null, ja: string | null): { en?: string; ja?: string } {
  return { ...(en !== null ? { en } : {}), ...(ja !== null ? { ja } : {}) };
}

/**
 * The co-hosts an email names: the accepted ones, in the order they were
 * invited (the worker's emails and the console's previews alike); with
 * `zones` (invitations) each one's time zone too.
 */
export function mailCohosts(
  cohosts:
    | ReadonlyArray<{
        status: string;
        invitedAt: Date;
        partner?: (PartnerNames & { slug: string; timezone?: string }) | null;
      }>
    | undefined,
  options: { zones?: boolean } = {},
): MailContext['cohosts'] {
  return (cohosts ?? [])
    .filter((c) => c.status === 'accepted' && c.partner)
    .sort((a, b) => a.invitedAt.getTime() - b.invitedAt.getTime())
    .map((c) => {
      const { slug, timezone } = c.partner!;
      return options.zones && timezone
        ? { slug, name: partnerName(c.partner!), timezone }
        : { slug, name: partnerName(c.partner!) };
    });
}

/** An event's columns as stored, as far as an email reads them. */
export interface EventColumns {
  id: string;
  slug: string;
  sequence: number;
  status: MailContext['event']['status'];
  titleEn: string | null;
  titleJa: string | null;
  descriptionEn: string | null;
  descriptionJa: string | null;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  cancelReason: string | null;
}

/** The event of a `MailContext` without the join link (which only the sender may add, per recipient). */
export function mailEvent(event: EventColumns, uid: string): MailContext['event'] {
  return {
    id: event.id,
    slug: event.slug,
    uid,
    sequence: event.sequence,
    status: event.status,
    title: localizedText(event.titleEn, event.titleJa),
    description: localizedText(event.descriptionEn, event.descriptionJa),
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    cancelReason: event.cancelReason,
  };
}
