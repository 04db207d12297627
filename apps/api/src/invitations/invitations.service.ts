import { EventEntity, Outbox } from '@cohost/database';
import { ConflictError, emailKey, Relation, RuleViolationError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { OrganizerCaller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { InvitationRoundDto } from './dto/invite.dto';
import { InvitationsRepository } from './invitations.repository';

/**
 * Invitations to an event (any visibility; invite-only events require them
 * to register). One call may carry thousands of addresses: they are written
 * in one statement, and one `invitation` outbox row per address is queued
 * for this round. The code in the email is minted when the worker renders
 * it (`mintInvitationCode`), so only the latest email's code works.
 * Re-inviting an address sends it again, as from the partner who invites
 * this time (the email says who invites); if the registration its code was
 * used for has since been cancelled, the invitation becomes usable again.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
  ) {}

  async invite(idOrSlug: string, emails: string[], caller: OrganizerCaller): Promise<InvitationRoundDto> {
    const { event } = await this.invitable(idOrSlug, caller);
    return this.send(event, emails, caller);
  }

  /**
   * Sorts normalized addresses (`normalizeEmail`, distinct) for the
   * console's invitation page: already registered (an active registration),
   * already invited, or new. An accepted co-host sees the same cut as in the
   * registrations and notifications lists: registrants who agreed to share
   * with co-hosts, and invitations its own partner sent; any other address
   * counts as new to it (as the JSON API would invite it).
   */
  async check(idOrSlug: string, addresses: readonly string[], caller: OrganizerCaller): Promise<InvitationCheck> {
    const { event, relation } = await this.invitable(idOrSlug, caller);
    const cut = relation === 'cohost' ? caller.partnerId : null;
    const rows: Array<{ address: string; registered: boolean; invited: boolean }> = addresses.length
      ? await this.dataSource.query(
          `SELECT a.address,
                  EXISTS (SELECT 1 FROM registrations r
                           WHERE r.event_id = $1 AND lower(r.email) = a.address AND r.status <> 'cancelled'
                             AND ($3::uuid IS NULL OR r.share_with_cohosts)) AS registered,
                  EXISTS (SELECT 1 FROM invitations i
                           WHERE i.event_id = $1 AND lower(i.email) = a.address
                             AND ($3::uuid IS NULL OR i.invited_by_partner_id = $3)) AS invited
             FROM unnest($2::text[]) WITH ORDINALITY AS a(address, n)
            ORDER BY a.n`,
          [event.id, addresses, cut],
        )
      : [];
    const result: InvitationCheck = { event, fresh: [], invited: [], registered: [] };
    for (const row of rows) {
      if (row.registered) result.registered.push(row.address);
      else if (row.invited) result.invited.push(row.address);
      else result.fresh.push(row.address);
    }
    return result;
  }

  /** Invites only the addresses {@link check} finds new (the console's "send"). */
  async inviteNew(
    idOrSlug: string,
    addresses: readonly string[],
    caller: OrganizerCaller,
  ): Promise<InvitationCheck & { round: InvitationRoundDto | null }> {
    const checked = await this.check(idOrSlug, addresses, caller);
    const round = checked.fresh.length ? await this.send(checked.event, checked.fresh, caller) : null;
    return { ...checked, round };
  }

  /**
   * An event's invitations, newest first, each with the delivery status of
   * its latest email (the outbox row: pending, sent, failed or skipped). An
   * accepted co-host sees those its own partner sent.
   */
  async list(
    idOrSlug: string,
    caller: OrganizerCaller,
    page: number,
    perPage: number,
  ): Promise<{ event: EventEntity; items: InvitationListItem[]; total: number }> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'invite');
    const cut = relation === 'cohost' ? caller.partnerId : null;
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM invitations
        WHERE event_id = $1 AND ($2::uuid IS NULL OR invited_by_partner_id = $2)`,
      [event.id, cut],
    );
    const items: InvitationListItem[] = await this.dataSource.query(
      `SELECT i.id, i.email, i.created_at AS "invitedAt", i.used_at AS "usedAt",
              p.name_en AS "partnerEn", p.name_ja AS "partnerJa",
              n.status, n.attempts, n.last_error AS "lastError", n.sent_at AS "sentAt", n.created_at AS "queuedAt",
              (SELECT count(*)::int FROM notifications c WHERE c.invitation_id = i.id AND c.kind = 'invitation') AS emails
         FROM invitations i
         LEFT JOIN partners p ON p.id = i.invited_by_partner_id
         LEFT JOIN LATERAL (SELECT status, attempts, last_error, sent_at, created_at FROM notifications
                             WHERE invitation_id = i.id AND kind = 'invitation'
                             ORDER BY id DESC LIMIT 1) n ON true
        WHERE i.event_id = $1 AND ($2::uuid IS NULL OR i.invited_by_partner_id = $2)
        ORDER BY i.created_at DESC, i.id DESC
        LIMIT $3 OFFSET $4`,
      [event.id, cut, perPage, (page - 1) * perPage],
    );
    return { event, items, total };
  }

  /** The event, if the caller may invite to it and it can take invitations now. */
  private async invitable(
    idOrSlug: string,
    caller: OrganizerCaller,
  ): Promise<{ event: EventEntity; relation: Relation }> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'invite');
    if (event.status === 'cancelled') {
      throw new ConflictError('EVENT_CANCELLED', 'This event has been cancelled; nobody can be invited');
    }
    if (event.status !== 'published') {
      throw new ConflictError('EVENT_NOT_PUBLISHED', 'Publish the event before inviting: the email links to it');
    }
    if (event.startsAt.getTime() <= Date.now()) {
      throw new RuleViolationError('EVENT_ALREADY_STARTED', 'This event has already started');
    }
    return { event, relation };
  }

  private send(event: EventEntity, emails: readonly string[], caller: OrganizerCaller): Promise<InvitationRoundDto> {
    const distinct = [...new Map(emails.map((email) => [emailKey(email), email.trim()])).values()];
    const round = randomUUID();
    return this.dataSource.transaction(async (manager) => {
      const rows = await InvitationsRepository.upsert(manager, event.id, distinct, caller.partnerId);
      await Outbox.forInvitations(
        manager,
        rows.map((row) => row.id),
        round,
        caller.partnerId,
      );
      return { round, invited: rows.length, created: rows.filter((row) => row.created).length };
    });
  }
}

/** Addresses sorted for the console (see `InvitationsService.check`). */
export interface InvitationCheck {
  event: EventEntity;
  fresh: string[];
  invited: string[];
  registered: string[];
}

/** One row of the console's invitation list. */
export interface InvitationListItem {
  id: string;
  email: string;
  invitedAt: Date;
  usedAt: Date | null;
  partnerEn: string | null;
  partnerJa: string | null;
  /** The latest email's status; null if none was queued. */
  status: 'pending' | 'sent' | 'failed' | 'skipped' | null;
  attempts: number | null;
  lastError: string | null;
  sentAt: Date | null;
  queuedAt: Date | null;
  /** Emails queued for this invitation (one per round it was in). */
  emails: number;
}
