import { Outbox } from '@cohost/database';
import { ConflictError, emailKey, RuleViolationError } from '@cohost/domain';
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
    const { event } = await this.access.require(idOrSlug, caller, 'invite');
    if (event.status === 'cancelled') {
      throw new ConflictError('EVENT_CANCELLED', 'This event has been cancelled; nobody can be invited');
    }
    if (event.status !== 'published') {
      throw new ConflictError('EVENT_NOT_PUBLISHED', 'Publish the event before inviting: the email links to it');
    }
    if (event.startsAt.getTime() <= Date.now()) {
      throw new RuleViolationError('EVENT_ALREADY_STARTED', 'This event has already started');
    }
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
