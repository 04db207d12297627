import { EventEntity, isUniqueViolation, PartnerEntity } from '@cohost/database';
import {
  assertRegistrationOpen,
  ConflictError,
  digestsEqual,
  ForbiddenError,
  localeFromAcceptLanguage,
  sha256,
} from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { RegisterDto, RegistrationCreatedDto } from './dto/register.dto';
import { REGISTER_STATEMENT, registerParameters, RegisterStatementRow } from './register-statement';
import { BatchRegistrant, LIVE_EMAIL_INDEX } from './register-batch-statement';
import { RegistrationBatcher } from './registration-batcher';
import { noPlace, registrationExists } from './registration-refusals';
import { inTransactionWithRetry, withRetry } from './transaction-retry';

type Registrant = BatchRegistrant & { invitationCode?: string };

/** A concurrent live duplicate met the partial unique index: 409, never a 500. */
async function existsAs409<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, LIVE_EMAIL_INDEX)) throw registrationExists();
    throw error;
  }
}

function created(row: RegisterStatementRow): RegistrationCreatedDto {
  return row.status === 'confirmed'
    ? { id: row.id, status: row.status }
    : { id: row.id, status: row.status, waitlistPosition: row.position ?? undefined };
}

/**
 * Registering for an event. Correct under any concurrency by construction
 * (see `register-statement.ts`): the seat is taken by one conditional UPDATE
 * of the event's counter (the row lock it takes orders registrations of an
 * event), the CHECK `confirmed_count <= capacity` is the backstop, and the
 * partial unique index on (event, lower(email)) turns a concurrent duplicate
 * into a 409.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly batcher: RegistrationBatcher,
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
    const plain: BatchRegistrant = {
      email: dto.email.trim(),
      name: dto.name.trim(),
      organization: dto.organization.trim(),
      locale: dto.locale ?? localeFromAcceptLanguage(acceptLanguage),
      timezone: dto.timezone ?? event.timezone,
      viaPartnerId: dto.via ? await this.partnerId(dto.via) : null,
      shareWithCohosts: dto.consent.shareWithCohosts,
    };
    if (event.visibility !== 'invite_only') {
      return this.batcher.submit(event.id, plain, () => existsAs409(() => this.registerAlone(event.id, plain)));
    }
    const registrant: Registrant = { ...plain, invitationCode: dto.invitationCode };
    return existsAs409(() => this.registerInvited(event, registrant));
  }

  /**
   * A public registration on its own: the one-statement registration in its
   * own implicit transaction. The batcher uses it for a lone request and for
   * each item of a batch that failed.
   */
  private registerAlone(eventId: string, registrant: BatchRegistrant): Promise<RegistrationCreatedDto> {
    return withRetry(async () => {
      const rows = (await this.dataSource.query(
        REGISTER_STATEMENT,
        registerParameters({ eventId, ...registrant, invitationId: null }),
      )) as RegisterStatementRow[];
      return rows[0] ? created(rows[0]) : this.refuseFull(this.dataSource.manager, eventId);
    });
  }

  /**
   * Invite-only events: the invitation is redeemed in the same transaction,
   * around the same statement (never batched: each needs its invitation's
   * lock; its counter update takes the event row's lock like a batch does).
   */
  private registerInvited(event: EventEntity, registrant: Registrant): Promise<RegistrationCreatedDto> {
    const input = (invitationId: string | null) =>
      registerParameters({ eventId: event.id, ...registrant, invitationId });
    return inTransactionWithRetry(this.dataSource, async (manager) => {
      const invitationId = await this.redeemInvitation(manager, event.id, registrant);
      const [row] = (await manager.query(REGISTER_STATEMENT, input(invitationId))) as RegisterStatementRow[];
      if (!row) return this.refuseFull(manager, event.id);
      await manager.query(`UPDATE invitations SET used_at = now(), registration_id = $2 WHERE id = $1`, [
        invitationId,
        row.id,
      ]);
      return created(row);
    });
  }

  /**
   * The invitation of this address must carry the presented code (compared
   * as digests in constant time) and be unused. Locked, so the same code
   * cannot be redeemed twice at once.
   */
  private async redeemInvitation(manager: EntityManager, eventId: string, registrant: Registrant): Promise<string> {
    const [invitation] = (await manager.query(
      `SELECT id, code_hash, used_at FROM invitations
        WHERE event_id = $1 AND lower(email) = lower($2)
        FOR UPDATE`,
      [eventId, registrant.email],
    )) as Array<{ id: string; code_hash: Buffer | null; used_at: Date | null }>;
    const presented = sha256(registrant.invitationCode ?? '');
    if (!invitation?.code_hash || !digestsEqual(invitation.code_hash, presented)) {
      throw new ForbiddenError(
        'INVITATION_CODE_INVALID',
        'This invitation code is not valid for this email address and event',
      );
    }
    if (invitation.used_at) {
      throw new ConflictError('INVITATION_USED', 'This invitation code has already been used');
    }
    return invitation.id;
  }

  /** No seat and no waitlist: say why (the event may have been cancelled meanwhile). */
  private async refuseFull(manager: EntityManager, eventId: string): Promise<never> {
    const [row] = (await manager.query(`SELECT status FROM events WHERE id = $1`, [eventId])) as Array<{
      status: string;
    }>;
    throw noPlace(row?.status);
  }

  /** An unknown `via` is ignored: a stale partner link must not stop anyone from registering. */
  private async partnerId(slug: string): Promise<string | null> {
    const partner = await this.dataSource.manager.findOne(PartnerEntity, { where: { slug }, select: { id: true } });
    return partner?.id ?? null;
  }
}
