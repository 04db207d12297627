import { AppConfig } from '@cohost/config';
import { EventEntity } from '@cohost/database';
import { calendarLinks, effectiveRegistrationClose } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { Caller } from '../auth/caller';
import { partnerName } from '../partners/dto/partner-response.dto';
import { EventResponseDto } from './dto/event-response.dto';
import { EventAccessService } from './event-access.service';
import { Language, textIn } from './request-language';

function bilingual(en: string | null, ja: string | null): { en?: string; ja?: string } {
  return { ...(en !== null ? { en } : {}), ...(ja !== null ? { ja } : {}) };
}

/** The event JSON of SPEC, with `joinUrl` only where the access matrix allows `read_private`. */
@Injectable()
export class EventPresenter {
  constructor(
    private readonly access: EventAccessService,
    private readonly config: AppConfig,
  ) {}

  /** `event` must be loaded with `host` and `cohosts.partner`. */
  present(event: EventEntity, caller: Caller | undefined, language: Language): EventResponseDto {
    const organizerView = this.access.allows(event, caller, 'read_private');
    const ownPartnerId = caller?.role === 'organizer' ? caller.partnerId : null;
    const title = bilingual(event.titleEn, event.titleJa);
    const description = bilingual(event.descriptionEn, event.descriptionJa);
    const cohosts = (event.cohosts ?? [])
      // The public sees accepted co-hosts only; parties see the invitations too.
      .filter((c) => c.status === 'accepted' || organizerView || c.partnerId === ownPartnerId)
      .sort((a, b) => a.invitedAt.getTime() - b.invitedAt.getTime() || a.partnerId.localeCompare(b.partnerId))
      .map((c) => ({ partner: { slug: c.partner!.slug, name: partnerName(c.partner!) }, status: c.status }));
    const body: EventResponseDto = {
      id: event.id,
      slug: event.slug,
      title,
      description,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      timezone: event.timezone,
      capacity: event.capacity,
      waitlist: event.waitlist,
      visibility: event.visibility,
      status: event.status,
      sequence: event.sequence,
      reminders: event.reminders,
      joinWindowMinutes: event.joinWindowMinutes,
      registrationOpensAt: event.registrationOpensAt?.toISOString() ?? null,
      registrationClosesAt: effectiveRegistrationClose(event).toISOString(),
      host: { slug: event.host!.slug, name: partnerName(event.host!) },
      cohosts,
      seats: {
        confirmed: event.confirmedCount,
        waitlisted: event.waitlistedCount,
        remaining: event.capacity === null ? null : Math.max(0, event.capacity - event.confirmedCount),
      },
      calendarLinks: calendarLinks(
        {
          id: event.id,
          title: textIn(title, language),
          description: textIn(description, language),
          startsAt: event.startsAt,
          endsAt: event.endsAt,
        },
        this.config.http.publicBaseUrl,
      ),
    };
    if (organizerView) {
      body.joinUrl = event.joinUrl;
      body.recordingUrl = event.recordingUrl;
      body.recordingPublic = event.recordingPublic;
      body.followupSentAt = event.followupSentAt?.toISOString() ?? null;
    } else if (event.recordingPublic && event.recordingUrl) {
      body.recordingUrl = event.recordingUrl;
    }
    return body;
  }
}
