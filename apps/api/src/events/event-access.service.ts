import { EventEntity } from '@cohost/database';
import { Actor, decideEventAccess, EventAction, ForbiddenError, NotFoundError, Relation } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Caller } from '../auth/caller';
import { eventWhere } from './event-ids.service';
import { SharedReads } from '@cohost/common';

export function actorOf(caller: Caller | undefined): Actor {
  if (!caller) return { kind: 'public' };
  return caller.role === 'admin' ? { kind: 'admin' } : { kind: 'organizer', partnerId: caller.partnerId };
}

/**
 * Loads an event with its host and co-hosts and enforces the access matrix of
 * `libs/domain` (decideEventAccess). Every event route goes through here, so
 * object-level authorization lives in one place.
 */
@Injectable()
export class EventAccessService {
  /** Anonymous lean reads (see `partiesIfNeeded`): a public burst on one event shares its queries. */
  private readonly publicReads = new SharedReads<EventEntity | null>();

  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {}

  /**
   * The event, if `caller` may do `action` to it; otherwise 404 (unknown, or
   * a draft the caller is no party to) or 403. `idOrSlug` accepts either.
   * Pass a transaction's manager and `lock` to lock the event row for update.
   * `partiesIfNeeded`: the caller does not read the event's host and
   * co-hosts itself, so for an anonymous caller (whose access never depends
   * on them) they are not loaded: one lean query on hot public routes,
   * shared by concurrent callers asking for the same event (`SharedReads`:
   * each still sees the row as read after its call began). The returned
   * event must then not be mutated.
   */
  async require(
    idOrSlug: string,
    caller: Caller | undefined,
    action: EventAction,
    options: { manager?: EntityManager; lock?: boolean; partiesIfNeeded?: boolean } = {},
  ): Promise<{ event: EventEntity; relation: Relation }> {
    const manager = options.manager ?? this.events.manager;
    const where = eventWhere(idOrSlug);
    let event: EventEntity | null;
    if (options.partiesIfNeeded && !caller && !options.lock && !options.manager) {
      event = await this.publicReads.read(JSON.stringify(where), () => this.events.findOne({ where }));
    } else if (options.lock) {
      // Lock the event row alone (FOR UPDATE cannot apply to the outer joins), then load the parties.
      const locked = await manager.findOne(EventEntity, { where, lock: { mode: 'pessimistic_write' } });
      event = locked
        ? await manager.findOne(EventEntity, {
            where: { id: locked.id },
            relations: { host: true, cohosts: { partner: true } },
          })
        : null;
    } else {
      event = await manager.findOne(EventEntity, { where, relations: { host: true, cohosts: { partner: true } } });
    }
    if (!event) throw new NotFoundError('EVENT_NOT_FOUND', `No event "${idOrSlug}"`);
    const decision = decideEventAccess(
      actorOf(caller),
      { hostPartnerId: event.hostPartnerId, status: event.status, cohosts: event.cohosts ?? [] },
      action,
    );
    if (!decision.allowed) {
      if (decision.status === 404) throw new NotFoundError('EVENT_NOT_FOUND', `No event "${idOrSlug}"`);
      throw new ForbiddenError('EVENT_FORBIDDEN', `You may not ${action.replace(/_/g, ' ')} on this event`);
    }
    return { event, relation: decision.relation };
  }

  /**
   * For accept/decline: the event, if the caller is an organizer of the
   * invited partner named by `partnerSlug` and its invitation is pending.
   * An organizer of another partner naming someone else's slug gets 403.
   */
  async requireCohostResponder(
    idOrSlug: string,
    caller: Caller | undefined,
    partnerSlug: string,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<{ event: EventEntity; relation: Relation }> {
    const found = await this.require(idOrSlug, caller, 'respond_cohost', options);
    if (caller?.role !== 'organizer' || caller.partnerSlug !== partnerSlug) {
      throw new ForbiddenError('EVENT_FORBIDDEN', `Only an organizer of ${partnerSlug} may answer its invitation`);
    }
    return found;
  }

  /** Whether `caller` may do `action` to an already loaded event (e.g. see `joinUrl`), without throwing. */
  allows(event: EventEntity, caller: Caller | undefined, action: EventAction): boolean {
    return decideEventAccess(
      actorOf(caller),
      { hostPartnerId: event.hostPartnerId, status: event.status, cohosts: event.cohosts ?? [] },
      action,
    ).allowed;
  }
}
