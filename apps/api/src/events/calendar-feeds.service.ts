import { AppConfig } from '@cohost/config';
import { EventEntity, PartnerEntity } from '@cohost/database';
import { NotFoundError } from '@cohost/domain';
import { buildPublishCalendar, type PublicCalendarEvent } from '@cohost/mail';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Brackets, DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { partnerName } from '../partners/dto/partner-response.dto';
import { EventAccessService } from './event-access.service';
import { EVENT_RELATIONS } from './events.service';
import { Language, textIn } from './request-language';

export interface CalendarFile {
  body: string;
  etag: string;
  filename: string;
}

/** How far back a partner's feed reaches, and how many events it holds at most. */
const FEED_HISTORY_DAYS = 180;
const FEED_MAX_EVENTS = 500;

const bilingual = (en: string | null, ja: string | null) => ({
  ...(en !== null ? { en } : {}),
  ...(ja !== null ? { ja } : {}),
});

/** The public page of an event in the feed's language: each entry's URL, and the last line of its DESCRIPTION. */
function eventPage(baseUrl: string, event: EventEntity, language: Language): string {
  return `${baseUrl.replace(/\/+$/, '')}/events/${encodeURIComponent(event.slug)}?lang=${language}`;
}

function toPublic(event: EventEntity, url: string): PublicCalendarEvent {
  // Built field by field: the join link must never reach a public calendar.
  return {
    id: event.id,
    sequence: event.sequence,
    status: event.status,
    title: bilingual(event.titleEn, event.titleJa),
    description: bilingual(event.descriptionEn, event.descriptionJa),
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    host: { name: partnerName(event.host!) },
    cohosts: (event.cohosts ?? [])
      .filter((c) => c.status === 'accepted')
      .map((c) => ({ name: partnerName(c.partner!) })),
    url,
    updatedAt: event.updatedAt,
  };
}

/**
 * The public `METHOD:PUBLISH` calendars, built by `@cohost/mail` so feeds
 * and emailed invitations share one UID per event. DTSTAMP is the latest
 * change of the events in the file, so an unchanged calendar is
 * byte-identical and its ETag stable.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly config: AppConfig,
  ) {}

  /** One event, if the caller may see it and it is not a draft (drafts are in no calendar). */
  async forEvent(idOrSlug: string, caller: Caller | undefined, language: Language): Promise<CalendarFile> {
    const { event } = await this.access.require(idOrSlug, caller, 'read');
    if (event.status === 'draft') throw new NotFoundError('EVENT_NOT_FOUND', `No published event "${idOrSlug}"`);
    const name = textIn(bilingual(event.titleEn, event.titleJa), language);
    return this.file([event], name, language, `${event.slug}.ics`);
  }

  /** Public events hosted or co-hosted (accepted) by a partner: upcoming ones and those of the last 180 days. */
  async forPartner(slug: string, language: Language, now = new Date()): Promise<CalendarFile> {
    const partner = await this.dataSource.manager.findOneBy(PartnerEntity, { slug });
    if (!partner) throw new NotFoundError('PARTNER_NOT_FOUND', `No partner with slug "${slug}"`);
    const since = new Date(now.getTime() - FEED_HISTORY_DAYS * 86_400_000);
    const rows = await this.dataSource.manager
      .createQueryBuilder(EventEntity, 'e')
      .select(['e.id'])
      .where(`e.visibility = 'public'`)
      // Cancelled events stay (STATUS:CANCELLED makes subscribers drop them) if they were ever published.
      .andWhere(`(e.status = 'published' OR (e.status = 'cancelled' AND e.published_at IS NOT NULL))`)
      .andWhere('e.ends_at > :since', { since })
      .andWhere(
        new Brackets((w) =>
          w.where('e.host_partner_id = :partnerId').orWhere(
            `EXISTS (SELECT 1 FROM event_cohosts c
                      WHERE c.event_id = e.id AND c.partner_id = :partnerId AND c.status = 'accepted')`,
          ),
        ),
        { partnerId: partner.id },
      )
      .orderBy('e.starts_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(FEED_MAX_EVENTS)
      .getMany();
    const events = rows.length
      ? await this.dataSource.manager.find(EventEntity, {
          where: rows.map((r) => ({ id: r.id })),
          relations: EVENT_RELATIONS,
          order: { startsAt: 'ASC', id: 'ASC' },
        })
      : [];
    const partnerLabel = textIn(partnerName(partner), language);
    const name = language === 'ja' ? `${partnerLabel}のイベント` : `Events of ${partnerLabel}`;
    return this.file(events, name, language, `${partner.slug}.ics`);
  }

  private file(events: EventEntity[], name: string, language: Language, filename: string): CalendarFile {
    const stamp = new Date(Math.max(0, ...events.map((e) => e.updatedAt.getTime())));
    const base = this.config.http.publicBaseUrl;
    const entries = events.map((event) => toPublic(event, eventPage(base, event, language)));
    const body = buildPublishCalendar(entries, { name, lang: language, stamp, refreshSeconds: 3600 });
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return { body, etag, filename };
  }
}
