import { NotificationEntity, resendFailed } from '@cohost/database';
import { Relation } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import {
  ListNotificationsQueryDto,
  NotificationPageDto,
  NotificationResponseDto,
  RetryNotificationsResultDto,
} from './dto/notification.dto';

/**
 * The privacy cut of an accepted co-host's organizers (SPEC rule 6), for
 * reading and for retrying alike: messages to registrants who agreed to
 * share with co-hosts, and invitations their own partner sent.
 */
function visibleTo(qb: SelectQueryBuilder<NotificationEntity>, relation: Relation, caller: Caller | undefined): void {
  if (relation === 'cohost' && caller?.role === 'organizer') {
    qb.andWhere(
      `(EXISTS (SELECT 1 FROM registrations r WHERE r.id = n.registration_id AND r.share_with_cohosts)
        OR EXISTS (SELECT 1 FROM invitations i WHERE i.id = n.invitation_id AND i.invited_by_partner_id = :partnerId))`,
      { partnerId: caller.partnerId },
    );
  }
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly access: EventAccessService,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Delivery status of an event's emails, newest first. An accepted co-host
   * sees the same privacy cut as in the registrations list: messages to
   * registrants who agreed to share with co-hosts, and invitations its own
   * partner sent.
   */
  async list(
    eventId: string,
    caller: Caller | undefined,
    query: ListNotificationsQueryDto,
  ): Promise<NotificationPageDto> {
    const { event, relation } = await this.access.require(eventId, caller, 'view_notifications');
    const page = query.page ?? 1;
    const perPage = query.perPage ?? 50;
    const qb = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.event_id = :eventId', { eventId: event.id });
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('n.kind = :kind', { kind: query.kind });
    visibleTo(qb, relation, caller);
    const [rows, total] = await qb
      .orderBy('n.id', 'DESC')
      .skip((page - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
    const suppressions: Array<{ address: string; reason: 'unsubscribed' | 'hard_bounce' }> = rows.length
      ? await this.dataSource.query(
          `SELECT address, reason FROM mail_suppressions WHERE scope = 'bulk' AND address = ANY($1::text[])`,
          [[...new Set(rows.map((n) => n.recipient.toLowerCase()))]],
        )
      : [];
    const suppressed = new Map(suppressions.map((s) => [s.address, s.reason]));
    return {
      items: rows.map((n) => NotificationResponseDto.from(n, suppressed.get(n.recipient.toLowerCase()) ?? null)),
      total,
      page,
      perPage,
    };
  }

  /**
   * Sends failed messages of an event again (whoever may read them: hub
   * admins, the host's organizers, accepted co-hosts for the messages they
   * see; the console calls the same): they go back to the outbox with fresh
   * attempts and the relay queues them. Rows that were sent, skipped or are
   * pending do not move, so nothing goes out twice, even when two retries of
   * the same message race (the UPDATE re-checks `failed` under its row lock).
   */
  async retryFailed(
    eventId: string,
    caller: Caller,
    ids: readonly string[] | undefined,
  ): Promise<RetryNotificationsResultDto> {
    const { event, relation } = await this.access.require(eventId, caller, 'view_notifications');
    const retried = await this.dataSource.transaction(async (manager) => {
      if (relation !== 'cohost') return resendFailed(manager, event.id, ids ?? null);
      // A co-host retries only what it may see: the failed rows of its cut, then the same UPDATE.
      const qb = manager
        .getRepository(NotificationEntity)
        .createQueryBuilder('n')
        .select('n.id', 'id')
        .where('n.event_id = :eventId', { eventId: event.id })
        .andWhere(`n.status = 'failed'`);
      if (ids) qb.andWhere('n.id = ANY(:ids::bigint[])', { ids });
      visibleTo(qb, relation, caller);
      const visible = (await qb.getRawMany<{ id: string }>()).map((row) => String(row.id));
      return visible.length > 0 ? resendFailed(manager, event.id, visible) : [];
    });
    return { retried: retried.length, ids: retried };
  }
}
