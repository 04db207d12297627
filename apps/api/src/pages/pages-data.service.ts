import { PartnerEntity } from '@cohost/database';
import { NotFoundError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EventListingService } from '../events/event-listing.service';
import { EventPresenter } from '../events/event.presenter';
import { EventsService } from '../events/events.service';
import { fieldMessages, ValidationFailedException } from '../http/validation';
import { PartnersService } from '../partners/partners.service';
import { RegisterDto } from '../registrations/dto/register.dto';
import { RegistrationCancellationService } from '../registrations/registration-cancellation.service';
import { RegistrationsService } from '../registrations/registrations.service';
import type { PageLocale } from './i18n';
import { LocalizedText, PageEventInput, pick } from './page-views';
import { RegisterForm, registerBody } from './register-form';

/** How many upcoming webinars a listing page shows (the API's largest page). */
const LISTING_LIMIT = 100;

function partnerNames(partner: PartnerEntity): LocalizedText {
  return { en: partner.nameEn, ja: partner.nameJa };
}

/**
 * The pages' one door to the rest of the api: the same services, rules and
 * JSON shapes as the HTTP API (events listing and presenter, registrations,
 * cancellation), called in-process. Nothing here decides a rule.
 */
@Injectable()
export class PagesDataService {
  constructor(
    private readonly listing: EventListingService,
    private readonly events: EventsService,
    private readonly presenter: EventPresenter,
    private readonly partners: PartnersService,
    private readonly registrations: RegistrationsService,
    private readonly cancellation: RegistrationCancellationService,
  ) {}

  /** Published public events not over yet, soonest first; a partner's (host or accepted co-host) when given. */
  async upcoming(locale: PageLocale, partner?: string): Promise<PageEventInput[]> {
    const page = await this.listing.list({
      from: new Date().toISOString(),
      limit: LISTING_LIMIT,
      ...(partner ? { partner } : {}),
    });
    return page.events.map((event) => this.presenter.present(event, undefined, locale));
  }

  /** One event as the public sees it (drafts are 404 by the access matrix). */
  async event(slug: string, locale: PageLocale): Promise<PageEventInput> {
    const event = await this.events.get(slug, undefined);
    return {
      ...this.presenter.present(event, undefined, locale),
      questions: event.questions,
      hostContact: event.host?.contactEmail,
    };
  }

  /** The event, or undefined when there is none the public may see; an outage stays an error. */
  async eventById(id: string, locale: PageLocale): Promise<PageEventInput | undefined> {
    try {
      return await this.event(id, locale);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async partner(slug: string): Promise<{ slug: string; name: LocalizedText }> {
    const partner = await this.partners.getBySlug(slug);
    return { slug: partner.slug, name: partnerNames(partner) };
  }

  /** The name of the partner in a `?via=` link, if it exists (an unknown one is ignored, as by the API). */
  async partnerName(slug: string, locale: PageLocale): Promise<string | undefined> {
    try {
      return pick(partnerNames(await this.partners.getBySlug(slug)), locale).text;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Registers through the registrations service after validating the form
   * with the JSON API's own DTO (same messages, same limits).
   */
  async register(
    slug: string,
    form: RegisterForm,
    acceptLanguage: string | undefined,
  ): Promise<{ status: 'confirmed' | 'waitlisted'; waitlistPosition?: number }> {
    const dto = plainToInstance(RegisterDto, registerBody(form));
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new ValidationFailedException(fieldMessages(errors));
    const created = await this.registrations.register(slug, dto, undefined, acceptLanguage);
    return { status: created.status, waitlistPosition: created.waitlistPosition };
  }

  async cancel(token: string): Promise<void> {
    await this.cancellation.cancelByToken(token);
  }
}
