import { AppConfig } from '@cohost/config';
import {
  EventEntity,
  InvitationEntity,
  mintCancelToken,
  mintInvitationCode,
  NotificationEntity,
  RegistrationEntity,
} from '@cohost/database';
import type { MailContext } from '@cohost/mail';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Coalescer } from './coalescer';
import { cohostStamp, EventContextCache, EventStamp } from './event-context.cache';
import { MAIL_PORT, MailPort } from './mail-port';

/** The columns of a notification row the sender uses. */
export type PendingNotification = Pick<
  NotificationEntity,
  'id' | 'kind' | 'eventId' | 'registrationId' | 'invitationId' | 'eventSequence' | 'data' | 'status'
>;
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

interface Row {
  id: string;
  kind: NotificationEntity['kind'];
  event_id: string;
  registration_id: string | null;
  invitation_id: string | null;
  event_sequence: number;
  data: Record<string, unknown> | null;
  status: NotificationEntity['status'];
  r_id: string | null;
  r_email: string;
  r_name: string;
  r_locale: RegistrationEntity['locale'];
  r_timezone: string;
  r_status: RegistrationEntity['status'];
  r_waitlisted_at: Date | null;
  i_id: string | null;
  i_email: string;
  e_id: string | null;
  e_sequence: number;
  e_status: string;
  e_updated_at: Date;
  e_starts_at: Date;
  e_ends_at: Date;
  e_cohosts: string[] | null;
}

/**
 * One round trip per message: the row, its registration or invitation, and
 * the event's version stamp (the event itself comes from the cache while the
 * stamp is unchanged).
 */
const LOAD_SQL = `
  SELECT n.id, n.kind, n.event_id, n.registration_id, n.invitation_id, n.event_sequence, n.data, n.status,
         r.id AS r_id, r.email AS r_email, r.name AS r_name, r.locale AS r_locale, r.timezone AS r_timezone,
         r.status AS r_status, r.waitlisted_at AS r_waitlisted_at,
         i.id AS i_id, i.email AS i_email,
         e.id AS e_id, e.sequence AS e_sequence, e.status AS e_status, e.updated_at AS e_updated_at,
         e.starts_at AS e_starts_at, e.ends_at AS e_ends_at,
         (SELECT array_agg(c.partner_id::text || '/' || c.status) FROM event_cohosts c WHERE c.event_id = n.event_id)
           AS e_cohosts
    FROM notifications n
    LEFT JOIN events e ON e.id = n.event_id
    LEFT JOIN registrations r ON r.id = n.registration_id
    LEFT JOIN invitations i ON i.id = n.invitation_id
   WHERE n.id = ANY($1::bigint[])`;

/**
 * Loads what one email is about, as it is at send time, and builds the
 * renderer's {@link MailContext}. Secrets are made here and only here: the
 * join link is copied in only when allowed, cancel tokens and invitation
 * codes are minted for this one email (only their hashes are stored).
 */
@Injectable()
export class MailContextLoader {
  private readonly events = new EventContextCache();
  private readonly loads = new Coalescer<string, LoadedNotification | null>((ids) => this.loadMany(ids));

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(MAIL_PORT) private readonly mail: MailPort,
  ) {}

  /** The notification row with its recipient and event stamp; null if the row is gone. */
  load(notificationId: string): Promise<LoadedNotification | null> {
    return this.loads.call(notificationId);
  }

  /** Concurrent jobs' rows in one query. */
  private async loadMany(ids: string[]): Promise<Array<LoadedNotification | null>> {
    const rows: Row[] = await this.dataSource.query(LOAD_SQL, [ids]);
    const byId = new Map(rows.map((row) => [String(row.id), row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    });
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
    notification: PendingNotification,
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

function fromRow(row: Row): LoadedNotification {
  return {
    notification: {
      id: String(row.id),
      kind: row.kind,
      eventId: row.event_id,
      registrationId: row.registration_id,
      invitationId: row.invitation_id,
      eventSequence: row.event_sequence,
      data: row.data ?? {},
      status: row.status,
    },
    registration: row.r_id
      ? {
          id: row.r_id,
          eventId: row.event_id,
          email: row.r_email,
          name: row.r_name,
          locale: row.r_locale,
          timezone: row.r_timezone,
          status: row.r_status,
          waitlistedAt: row.r_waitlisted_at,
        }
      : null,
    invitation: row.i_id ? { id: row.i_id, email: row.i_email } : null,
    stamp: row.e_id
      ? {
          eventId: row.e_id,
          sequence: row.e_sequence,
          status: row.e_status,
          updatedAt: row.e_updated_at,
          startsAt: row.e_starts_at,
          endsAt: row.e_ends_at,
          cohosts: cohostStamp(
            (row.e_cohosts ?? []).map((s) => {
              const slash = s.lastIndexOf('/');
              return { partnerId: s.slice(0, slash), status: s.slice(slash + 1) };
            }),
          ),
        }
      : null,
  };
}
