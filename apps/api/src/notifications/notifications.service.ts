import { NotificationEntity, resendFailed } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import {
  ListNotificationsQueryDto,
  NotificationPageDto,
  NotificationResponseDto,
  RetryNotificationsResultDto,
} from './dto/notification.dto';

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
    if (relation === 'cohost' && caller?.role === 'organizer') {
      qb.andWhere(
        `(EXISTS (SELECT 1 FROM registrations r WHERE r.id = n.registration_id AND r.share_with_cohosts)
          OR EXISTS (SELECT 1 FROM invitations i WHERE i.id = n.invitation_id AND i.invited_by_partner_id = :partnerId))`,
        { partnerId: caller.partnerId },
      );
    }
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
   * Sends failed messages of an event again (hub admins; the console calls
   * the same): they go back to the outbox with fresh attempts and the relay
   * queues them. Rows that were sent, skipped or are pending do not move, so
   * nothing goes out twice.
   */
  async retryFailed(
    eventId: string,
    caller: Caller,
    ids: readonly string[] | undefined,
  ): Promise<RetryNotificationsResultDto> {
    const { event } = await this.access.require(eventId, caller, 'view_notifications');
    const retried = await this.dataSource.transaction((manager) => resendFailed(manager, event.id, ids ?? null));
    return { retried: retried.length, ids: retried };
  }
}
