import {
  assertRegistrationOpen,
  ForbiddenError,
  labelIn,
  localeFromAcceptLanguage,
  RuleViolationError,
  validateAnswers,
} from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { ValidationFailedException } from '../http/validation';
import { MemberRosterRepository } from '../members/member-roster.repository';
import { RegisterDto, RegistrationCreatedDto } from './dto/register.dto';
import { RegistrationBatcher } from './registration-batcher.service';
import { Registrant, RegistrationWritesRepository } from './registration-writes.repository';

/**
 * Registering for an event: who may, and when. The writing is
 * `RegistrationWritesRepository`'s, correct under any concurrency by
 * construction (see `registration-writes.sql.ts`): the seat is taken by one
 * conditional UPDATE of the event's counter (the row lock it takes orders
 * registrations of an event), the CHECK `confirmed_count <= capacity` is the
 * backstop, and the partial unique index on (event, lower(email)) turns a
 * concurrent duplicate into a 409. Public registrations go through the
 * batcher (service -> batcher -> writes); invite-only ones are written alone.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly access: EventAccessService,
    private readonly batcher: RegistrationBatcher,
    private readonly writes: RegistrationWritesRepository,
    private readonly roster: MemberRosterRepository,
  ) {}

  async register(
    idOrSlug: string,
    dto: RegisterDto,
    caller: Caller | undefined,
    acceptLanguage: string | undefined,
  ): Promise<RegistrationCreatedDto> {
    const { event } = await this.access.require(idOrSlug, caller, 'read', { partiesIfNeeded: true });
    assertRegistrationOpen(event, new Date());
    if (event.visibility === 'invite_only' && !dto.invitationCode) {
      throw new ForbiddenError(
        'INVITATION_REQUIRED',
        'This event is by invitation only: register through the link in your invitation email',
      );
    }
    // The questions come with the event row: an event without questions costs nothing more here.
    const checked = validateAnswers(event.questions ?? [], dto.answers);
    if (!checked.ok) throw new ValidationFailedException(checked.fields);
    const email = dto.email.trim();
    const locale = dto.locale ?? localeFromAcceptLanguage(acceptLanguage);
    let organization = dto.organization.trim();
    let memberOrganizationId: string | null = null;
    if (event.audience === 'members') {
      const member = await this.roster.organizationOf(email);
      if (!member) {
        throw new RuleViolationError(
          'NOT_A_MEMBER',
          "This webinar is for the hub's member organizations only, and this address's domain is not on the " +
            "roster: ask the host (or your organization's contact at the hub) to add it",
        );
      }
      memberOrganizationId = member.id;
      organization = labelIn({ en: member.nameEn ?? undefined, ja: member.nameJa ?? undefined }, locale);
    }
    const registrant: Registrant = {
      email,
      name: dto.name.trim(),
      organization,
      locale,
      timezone: dto.timezone ?? event.timezone,
      // An unknown `via` is ignored: a stale partner link must not stop anyone from registering.
      viaPartnerId: dto.via ? await this.writes.partnerIdOf(dto.via) : null,
      shareWithCohosts: dto.consent.shareWithCohosts,
      memberOrganizationId,
      answers: checked.answers,
    };
    if (event.visibility !== 'invite_only') return this.batcher.submit(event.id, registrant);
    return this.writes.registerInvited(event.id, registrant, dto.invitationCode);
  }
}
