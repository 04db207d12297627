import { AppConfig } from '@cohost/config';
import {
  EventEntity,
  InvitationEntity,
  mintCancelToken,
  mintInvitationCode,
  NotificationEntity,
  NotificationKind,
  RegistrationEntity,
} from '@cohost/database';
import type { MailContext } from '@cohost/mail';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventContextCache, EventStamp } from './event-context.cache';
import { LedgerStatements } from './ledger-statements';
import { MAIL_PORT, MailPort } from './mail-port';

/** The columns of a notification row the sender uses. */
export type PendingNotification = Pick<
  NotificationEntity,
  'id' | 'kind' | 'eventId' | 'registrationId' | 'invitationId' | 'eventSequence' | 'data' | 'status' | 'relayJob'
>;
/** A row of one of the event kinds (everything but the console's sign-in link). */
export type EventNotification = PendingNotification & { kind: NotificationKind };
/** The columns of a registration the sender uses. */
export type Recipient = Pick<
  RegistrationEntity,
  'id' | 'eventId' | 'email' | 'name' | 'locale' | 'timezone' | 'status' | 'waitlistedAt'
>;

export interface NotificationSubject {
  event: EventEntity;
  registration: Recipient | null;
  invitation: Pick<InvitationEntity, 'id' | 'email'> | null;
}

/** A notification row with its recipient and the version of its event, as one query returns them. */
export interface LoadedNotification {
  notification: PendingNotification;
  registration: Recipient | null;
  invitation: Pick<InvitationEntity, 'id' | 'email'> | null;
  /** null when the event is gone. */
  stamp: EventStamp | null;
}

/**
 * Loads what one email is about, as it is at send time, and builds the
 * renderer's {@link MailContext}. Secrets are made here and only here: the
 * join link is copied in only when allowed, cancel tokens and invitation
 * codes are minted for this one email (only their hashes are stored).
 */
@Injectable()
export class MailContextLoader {
  private readonly events = new EventContextCache();

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerStatements,
    @Inject(MAIL_PORT) private readonly mail: MailPort,
  ) {}

  /** The notification row with its recipient and event stamp; null if the row is gone (one coalesced statement). */
  load(notificationId: string): Promise<LoadedNotification | null> {
    return this.ledger.load(notificationId);
  }

  /** The event (from the cache while its stamp holds) with the recipient; null if either is gone. */
  async subject({ stamp, registration, invitation }: LoadedNotification): Promise<NotificationSubject | null> {
    if (!stamp || (!registration && !invitation)) return null;
    const event = await this.events.get(stamp, () =>
      this.dataSource.manager.findOne(EventEntity, {
        where: { id: stamp.eventId },
        relations: { host: true, cohosts: { partner: true } },
      }),
    );
    if (!event) return null;
    return { event, registration, invitation };
  }

  /** Hits and misses of the event cache (tests, diagnostics). */
  get cacheStats(): { hits: number; misses: number; size: number } {
    return { hits: this.events.hits, misses: this.events.misses, size: this.events.size };
  }

  async context(
    notification: EventNotification,
    { event, registration, invitation }: NotificationSubject,
    allow: { joinUrl: boolean; cancelLink: boolean },
    sentAt: Date,
  ): Promise<MailContext> {
    const base = this.config.http.publicBaseUrl;
    const host = event.host!;
    const data: Record<string, unknown> = { ...notification.data };
    const links: MailContext['links'] = {
      event: `${base}/events/${event.slug}`,
      ics: `${base}/api/v1/events/${event.slug}/calendar.ics`,
    };
    if (registration && allow.cancelLink) {
      const token = await mintCancelToken(this.dataSource.manager, registration.id);
      links.cancel = `${base}/cancel?token=${encodeURIComponent(token)}`;
    }
    if (invitation && notification.kind === 'invitation') {
      const code = await mintInvitationCode(this.dataSource.manager, invitation.id);
      links.register = `${base}/events/${event.slug}?code=${encodeURIComponent(code)}`;
    }
    if (notification.kind === 'registration.waitlisted' && registration && typeof data.waitlistPosition !== 'number') {
      data.waitlistPosition = await this.waitlistPosition(registration);
    }
    const hostLocale: 'ja' | 'en' = host.country === 'JP' ? 'ja' : 'en';
    return {
      kind: notification.kind,
      sentAt,
      from: this.config.mail.from,
      recipient: registration
        ? {
            email: registration.email,
            name: registration.name,
            locale: registration.locale,
            timezone: registration.timezone,
          }
        : {
            email: invitation!.email,
            name: null,
            locale: data.locale === 'ja' || data.locale === 'en' ? data.locale : hostLocale,
            timezone: typeof data.timezone === 'string' ? data.timezone : event.timezone,
          },
      event: {
        id: event.id,
        slug: event.slug,
        uid: this.mail.calendarUid(event.id),
        sequence: event.sequence,
        status: event.status,
        title: text(event.titleEn, event.titleJa),
        description: text(event.descriptionEn, event.descriptionJa),
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timezone: event.timezone,
        ...(allow.joinUrl && registration?.status === 'confirmed' ? { joinUrl: event.joinUrl } : {}),
        cancelReason: event.cancelReason,
      },
      host: {
        slug: host.slug,
        name: { en: host.nameEn, ...(host.nameJa ? { ja: host.nameJa } : {}) },
        timezone: host.timezone,
        contactEmail: host.contactEmail,
      },
      cohosts: (event.cohosts ?? [])
        .filter((c) => c.status === 'accepted' && c.partner)
        .sort((a, b) => a.invitedAt.getTime() - b.invitedAt.getTime())
        .map((c) => ({
          slug: c.partner!.slug,
          name: { en: c.partner!.nameEn, ...(c.partner!.nameJa ? { ja: c.partner!.nameJa } : {}) },
        })),
      links,
      data,
    };
  }

  private async waitlistPosition(registration: Recipient): Promise<number> {
    const [row]: Array<{ position: string }> = await this.dataSource.query(
      `SELECT count(*) AS position FROM registrations
        WHERE event_id = $1 AND status = 'waitlisted' AND (waitlisted_at, id) <= ($2::timestamptz, $3::uuid)`,
      [registration.eventId, registration.waitlistedAt, registration.id],
    );
    return Number(row?.position ?? 1);
  }
}

function text(en: string | null, ja: string | null): { en?: string; ja?: string } {
  return { ...(en !== null ? { en } : {}), ...(ja !== null ? { ja } : {}) };
}
