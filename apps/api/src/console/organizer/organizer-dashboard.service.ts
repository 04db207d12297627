import { EventCohostEntity, EventEntity } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrganizerCaller } from '../../auth/caller';

/** Past webinars shown on the dashboard (the most recent first). */
const PAST_LIMIT = 50;

export interface Dashboard {
  drafts: EventEntity[];
  upcoming: EventEntity[];
  past: EventEntity[];
  /** Invitations to the organizer's partner still waiting for an answer. */
  incoming: EventCohostEntity[];
  /** Invitations the organizer's partner sent for its own webinars, in every state. */
  outgoing: EventCohostEntity[];
}

/**
 * What an organizer's dashboard lists: the webinars its partner hosts or
 * co-hosts as an accepted partner, and the co-host invitations either way.
 * The queries select only events the partner is a party to, the same
 * parties the access matrix knows; every action on them still goes
 * through `EventAccessService`.
 */
@Injectable()
export class OrganizerDashboardService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async dashboard(caller: OrganizerCaller, now = new Date()): Promise<Dashboard> {
    const partnerId = caller.partnerId;
    const [events, incoming, outgoing] = await Promise.all([
      this.dataSource
        .getRepository(EventEntity)
        .createQueryBuilder('e')
        .leftJoinAndSelect('e.host', 'host')
        .leftJoinAndSelect('e.cohosts', 'c')
        .leftJoinAndSelect('c.partner', 'cp')
        .where(
          `e.host_partner_id = :partnerId OR EXISTS (SELECT 1 FROM event_cohosts x
             WHERE x.event_id = e.id AND x.partner_id = :partnerId AND x.status = 'accepted')`,
          { partnerId },
        )
        .orderBy('e.starts_at', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .getMany(),
      this.dataSource.getRepository(EventCohostEntity).find({
        where: { partnerId, status: 'pending' },
        relations: { event: { host: true }, partner: true },
        order: { invitedAt: 'DESC' },
      }),
      this.dataSource
        .getRepository(EventCohostEntity)
        .createQueryBuilder('c')
        .innerJoinAndSelect('c.event', 'e')
        .innerJoinAndSelect('c.partner', 'p')
        .where('e.host_partner_id = :partnerId', { partnerId })
        .andWhere(`e.status <> 'cancelled'`)
        .andWhere('e.ends_at > :now', { now })
        .orderBy('c.invited_at', 'DESC')
        .getMany(),
    ]);
    const drafts = events.filter((e) => e.status === 'draft');
    const scheduled = events.filter((e) => e.status !== 'draft');
    return {
      drafts,
      upcoming: scheduled.filter((e) => e.endsAt > now),
      past: scheduled
        .filter((e) => e.endsAt <= now)
        .reverse()
        .slice(0, PAST_LIMIT),
      incoming: incoming.filter((c) => c.event && c.event.status !== 'cancelled' && c.event.endsAt > now),
      outgoing,
    };
  }
}
