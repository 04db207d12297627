import { EntityManager } from 'typeorm';
import { EventCohostEntity } from '../entities/event-cohost.entity';

/**
 * The writes of `event_cohosts`: the host invites and removes, the invited
 * partner answers, a publish or reschedule records the covering agreement,
 * an agreement's end ends the co-hostings it no longer covers. Callers pass
 * their transaction's EntityManager, the event row locked.
 */
export const EventCohostsRepository = {
  /** A (new or renewed) invitation: a partner that declined or was ended starts over as `pending`. */
  async invite(manager: EntityManager, cohost: { eventId: string; partnerId: string; agreementId: string }) {
    await manager.upsert(
      EventCohostEntity,
      { ...cohost, status: 'pending', invitedAt: new Date(), respondedAt: null },
      ['eventId', 'partnerId'],
    );
  },

  async respond(
    manager: EntityManager,
    cohost: { eventId: string; partnerId: string; status: 'accepted' | 'declined'; agreementId: string | null },
  ): Promise<void> {
    await manager.update(
      EventCohostEntity,
      { eventId: cohost.eventId, partnerId: cohost.partnerId },
      { status: cohost.status, agreementId: cohost.agreementId, respondedAt: new Date() },
    );
  },

  async remove(manager: EntityManager, eventId: string, partnerId: string): Promise<void> {
    await manager.delete(EventCohostEntity, { eventId, partnerId });
  },

  /** The agreement that covers an accepted co-hosting now (it may be a newer one). */
  async recordCovering(manager: EntityManager, eventId: string, partnerId: string, agreementId: string) {
    await manager.update(EventCohostEntity, { eventId, partnerId }, { agreementId });
  },

  /** Accepted co-hostings an agreement's end no longer covers become `ended`. */
  async end(manager: EntityManager, ended: ReadonlyArray<{ eventId: string; partnerId: string }>): Promise<void> {
    await manager.query(
      `UPDATE event_cohosts c SET status = 'ended'
         FROM unnest($1::uuid[], $2::uuid[]) AS v(event_id, partner_id)
        WHERE c.event_id = v.event_id AND c.partner_id = v.partner_id AND c.status = 'accepted'`,
      [ended.map((e) => e.eventId), ended.map((e) => e.partnerId)],
    );
  },
};
