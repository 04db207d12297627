import { AppConfig } from '@cohost/config';
import { AnnouncementsRepository, Outbox, type AnnouncementRow } from '@cohost/database';
import { ConflictError, InvalidInputError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { renderAnnouncementPreview } from './announcement-preview';
import { AnnouncementDto, AnnouncementPreviewDto, CreateAnnouncementDto } from './dto/announcement.dto';

/** An idempotency key: the console form's token or an API client's `Idempotency-Key` (a UUID or similar). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/**
 * Organizers' announcements to registrants (`event.announcement`). The
 * host's organizers reach every registrant of the chosen audience; an
 * accepted co-host's (`announce` in the access matrix) only those who
 * consented to share with co-hosts, as in the registrant lists (SPEC rule
 * 6): a co-host never writes to, nor previews the email of, anybody else.
 * Each recipient's email is one outbox row keyed by (announcement,
 * registration), written in the transaction that records the announcement.
 */
@Injectable()
export class AnnouncementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Records the announcement and queues its emails. With an idempotency key
   * already used for this event, nothing is sent again and the first
   * announcement comes back (`repeated`): a double submit sends once.
   */
  async send(
    idOrSlug: string,
    dto: CreateAnnouncementDto,
    caller: Caller,
    idempotencyKey?: string,
  ): Promise<{ announcement: AnnouncementDto; repeated: boolean }> {
    const key = checkKey(idempotencyKey);
    return this.dataSource.transaction(async (manager) => {
      // The lock serialises sends of one event, so a repeated key finds the first row committed.
      const { event, relation } = await this.access.require(idOrSlug, caller, 'announce', { manager, lock: true });
      if (key) {
        const first = await AnnouncementsRepository.byKey(manager, event.id, key);
        if (first) return { announcement: present(first), repeated: true };
      }
      if (event.status !== 'published') {
        throw new ConflictError(
          'EVENT_NOT_PUBLISHED',
          `The event is ${event.status}; announcements go to registrants of a published event`,
        );
      }
      const consentingOnly = relation !== 'host';
      const id = await AnnouncementsRepository.insert(manager, {
        eventId: event.id,
        subject: { en: dto.subject.en.trim(), ja: dto.subject.ja.trim() },
        body: { en: dto.body.en, ja: dto.body.ja },
        audience: dto.audience,
        consentingOnly,
        createdBy: caller.role === 'organizer' ? caller.organizerId : null,
        createdByPartnerId: caller.role === 'organizer' ? caller.partnerId : null,
        idempotencyKey: key,
      });
      if (id === null) throw new ConflictError('ANNOUNCEMENT_REPEATED', 'This announcement was already sent');
      const recipients = await Outbox.forAnnouncement(manager, {
        id,
        eventId: event.id,
        audience: dto.audience,
        consentingOnly,
        texts: texts(dto),
      });
      await AnnouncementsRepository.setRecipients(manager, id, recipients);
      const stored = await AnnouncementsRepository.byId(manager, event.id, id);
      return { announcement: present(stored!), repeated: false };
    });
  }

  /** The email in each language as its first recipient in that language (or a sample registrant) would get it. */
  async preview(
    idOrSlug: string,
    dto: CreateAnnouncementDto,
    caller: Caller,
    now = new Date(),
  ): Promise<AnnouncementPreviewDto> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'announce');
    const manager = this.dataSource.manager;
    const consentingOnly = relation !== 'host';
    const scope = { audience: dto.audience, consentingOnly };
    const one = async (locale: 'ja' | 'en') => {
      const first = await AnnouncementsRepository.sampleRecipient(manager, event.id, { ...scope, locale });
      const recipient = first ?? { email: 'registrant@example.com', name: null, timezone: event.timezone };
      const message = renderAnnouncementPreview({
        event,
        locale,
        recipient,
        texts: texts(dto),
        publicBaseUrl: this.config.http.publicBaseUrl,
        from: this.config.mail.from,
        now,
      });
      return { ...message, realRecipient: first !== null, timezone: recipient.timezone };
    };
    return {
      ja: await one('ja'),
      en: await one('en'),
      recipients: await AnnouncementsRepository.audienceSize(manager, event.id, scope),
    };
  }

  /** The event's announcements, newest first, with the delivery counts of their emails. */
  async list(idOrSlug: string, caller: Caller): Promise<AnnouncementDto[]> {
    const { event } = await this.access.require(idOrSlug, caller, 'view_notifications');
    return (await AnnouncementsRepository.list(this.dataSource.manager, event.id)).map(present);
  }
}

function checkKey(key: string | undefined): string | null {
  if (key === undefined || key === '') return null;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new InvalidInputError('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 8 to 100 letters, digits, - or _');
  }
  return key;
}

function texts(dto: CreateAnnouncementDto): Record<'ja' | 'en', { subject: string; body: string }> {
  return {
    ja: { subject: dto.subject.ja.trim(), body: dto.body.ja },
    en: { subject: dto.subject.en.trim(), body: dto.body.en },
  };
}

function present(row: AnnouncementRow): AnnouncementDto {
  return {
    id: row.id,
    subject: row.subject,
    body: row.body,
    audience: row.audience,
    consentingOnly: row.consentingOnly,
    createdBy: row.createdBy.name,
    sentByPartner: row.createdBy.partner?.en ?? null,
    recipients: row.recipients,
    createdAt: row.createdAt.toISOString(),
    delivery: row.delivery,
  };
}
