import { EventEntity, InvitationListItem, InvitationsRepository, Outbox } from '@cohost/database';
import { ConflictError, emailKey, Relation, RuleViolationError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { OrganizerCaller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { InvitationRoundDto } from './dto/invite.dto';

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
    const rows = await InvitationsRepository.check(this.dataSource.manager, event.id, addresses, cut);
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
    const db = this.dataSource.manager;
    const total = await InvitationsRepository.count(db, event.id, cut);
    const items = await InvitationsRepository.page(db, event.id, cut, { limit: perPage, offset: (page - 1) * perPage });
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

export type { InvitationListItem };
