import { EventCohostEntity, EventCohostsRepository, EventEntity, PartnerEntity, WebhookOutbox } from '@cohost/database';
import { ConflictError, NotFoundError, RuleViolationError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { CohostCoverageService } from './cohost-coverage.service';
import { EventAccessService } from './event-access.service';
import { EventsService } from './events.service';

/**
 * Invitations to co-host (SPEC rule 3). Each runs in a transaction with the
 * event row locked, so it serialises with edits and reschedules of the event.
 */
@Injectable()
export class CohostsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly coverage: CohostCoverageService,
    private readonly events: EventsService,
  ) {}

  /** The host invites a partner; an agreement must cover the event's whole span. */
  async invite(idOrSlug: string, caller: Caller, partnerSlug: string): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.access.require(idOrSlug, caller, 'manage_cohosts', { manager, lock: true });
      if (event.status === 'cancelled') throw new ConflictError('EVENT_CANCELLED', 'The event was cancelled');
      const partner = await manager.findOneBy(PartnerEntity, { slug: partnerSlug });
      if (!partner) throw new RuleViolationError('PARTNER_NOT_FOUND', `No partner with slug "${partnerSlug}"`);
      if (partner.id === event.hostPartnerId) {
        throw new RuleViolationError('COHOST_IS_HOST', `${partnerSlug} hosts this event; it cannot also co-host it`);
      }
      const existing = (event.cohosts ?? []).find((c) => c.partnerId === partner.id);
      if (existing && existing.status !== 'declined' && existing.status !== 'ended') {
        throw new ConflictError(
          'COHOST_ALREADY_INVITED',
          `${partnerSlug} is already ${existing.status === 'pending' ? 'invited' : 'a co-host'}`,
        );
      }
      const agreementId = await this.coverage.requireCovering(manager, event.host!, partner, {
        start: event.startsAt,
        end: event.endsAt,
      });
      // A partner that declined may be invited again: the invitation starts over.
      await EventCohostsRepository.invite(manager, { eventId: event.id, partnerId: partner.id, agreementId });
      await WebhookOutbox.emit(manager, {
        type: 'cohost.invited',
        eventId: event.id,
        partnerIds: [event.hostPartnerId, partner.id],
        data: { partnerId: partner.id },
      });
      return this.events.load(manager, event.id);
    });
  }

  /** An organizer of the invited partner accepts; the agreement is checked again against the current span. */
  async accept(idOrSlug: string, caller: Caller, partnerSlug: string): Promise<EventEntity> {
    return this.respond(idOrSlug, caller, partnerSlug, async (manager, event, cohost) => {
      const agreementId = await this.coverage.requireCovering(manager, event.host!, cohost.partner!, {
        start: event.startsAt,
        end: event.endsAt,
      });
      return { status: 'accepted', agreementId };
    });
  }

  async decline(idOrSlug: string, caller: Caller, partnerSlug: string): Promise<EventEntity> {
    return this.respond(idOrSlug, caller, partnerSlug, async (_, __, cohost) => ({
      status: 'declined',
      agreementId: cohost.agreementId,
    }));
  }

  private respond(
    idOrSlug: string,
    caller: Caller,
    partnerSlug: string,
    decide: (
      manager: EntityManager,
      event: EventEntity,
      cohost: EventCohostEntity,
    ) => Promise<{ status: 'accepted' | 'declined'; agreementId: string | null }>,
  ): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.access.requireCohostResponder(idOrSlug, caller, partnerSlug, {
        manager,
        lock: true,
      });
      if (event.status === 'cancelled') throw new ConflictError('EVENT_CANCELLED', 'The event was cancelled');
      // requireCohostResponder established that the caller's partner has a pending invitation.
      const cohost = (event.cohosts ?? []).find((c) => c.partner?.slug === partnerSlug && c.status === 'pending');
      if (!cohost)
        throw new NotFoundError('COHOST_NOT_FOUND', `${partnerSlug} has no pending invitation to this event`);
      const { status, agreementId } = await decide(manager, event, cohost);
      await EventCohostsRepository.respond(manager, {
        eventId: event.id,
        partnerId: cohost.partnerId,
        status,
        agreementId,
      });
      await WebhookOutbox.emit(manager, {
        type: status === 'accepted' ? 'cohost.accepted' : 'cohost.declined',
        eventId: event.id,
        partnerIds: [event.hostPartnerId, cohost.partnerId],
        data: { partnerId: cohost.partnerId },
      });
      return this.events.load(manager, event.id);
    });
  }

  /** The host removes a co-host (pending, accepted or declined). */
  async remove(idOrSlug: string, caller: Caller, partnerSlug: string): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.access.require(idOrSlug, caller, 'manage_cohosts', { manager, lock: true });
      if (event.status === 'cancelled') throw new ConflictError('EVENT_CANCELLED', 'The event was cancelled');
      const cohost = (event.cohosts ?? []).find((c) => c.partner?.slug === partnerSlug);
      if (!cohost) throw new NotFoundError('COHOST_NOT_FOUND', `${partnerSlug} is not a co-host of this event`);
      await EventCohostsRepository.remove(manager, event.id, cohost.partnerId);
      return this.events.load(manager, event.id);
    });
  }
}
