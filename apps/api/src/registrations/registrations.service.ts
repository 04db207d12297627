import { EventEntity, isUniqueViolation, PartnerEntity } from '@cohost/database';
import {
  assertRegistrationOpen,
  ConflictError,
  digestsEqual,
  ForbiddenError,
  localeFromAcceptLanguage,
  RuleViolationError,
  sha256,
} from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { RegisterDto, RegistrationCreatedDto } from './dto/register.dto';
import {
  REGISTER_STATEMENT,
  registerParameters,
  RegisterStatementInput,
  RegisterStatementRow,
} from './register-statement';
import { inTransactionWithRetry, withRetry } from './transaction-retry';

type Registrant = Omit<RegisterStatementInput, 'eventId' | 'invitationId'> & { invitationCode?: string };

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
  ) {}

  async register(
    idOrSlug: string,
    dto: RegisterDto,
    caller: Caller | undefined,
    acceptLanguage: string | undefined,
  ): Promise<RegistrationCreatedDto> {
    const { event } = await this.access.require(idOrSlug, caller, 'read');
    assertRegistrationOpen(event, new Date());
    if (event.visibility === 'invite_only' && !dto.invitationCode) {
      throw new ForbiddenError(
        'INVITATION_REQUIRED',
        'This event is by invitation only: register through the link in your invitation email',
      );
    }
    const registrant: Registrant = {
      email: dto.email.trim(),
      name: dto.name.trim(),
      organization: dto.organization.trim(),
      locale: dto.locale ?? localeFromAcceptLanguage(acceptLanguage),
      timezone: dto.timezone ?? event.timezone,
      viaPartnerId: dto.via ? await this.partnerId(dto.via) : null,
      shareWithCohosts: dto.consent.shareWithCohosts,
      invitationCode: dto.invitationCode,
    };
    try {
      return await this.registerIn(event, registrant);
    } catch (error) {
      if (isUniqueViolation(error, 'registrations_active_email_key')) {
        throw new ConflictError('REGISTRATION_EXISTS', 'This email address is already registered for this event');
      }
      throw error;
    }
  }

  /**
   * Public events: the one-statement registration in its own implicit
   * transaction. Invite-only events: the invitation is redeemed in the same
   * transaction, around the same statement.
   */
  private async registerIn(event: EventEntity, registrant: Registrant): Promise<RegistrationCreatedDto> {
    const input = (invitationId: string | null) =>
      registerParameters({ eventId: event.id, ...registrant, invitationId });
    if (event.visibility !== 'invite_only') {
      return withRetry(async () => {
        const rows = (await this.dataSource.query(REGISTER_STATEMENT, input(null))) as RegisterStatementRow[];
        return rows[0] ? created(rows[0]) : this.refuseFull(this.dataSource.manager, event.id);
      });
    }
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
    if (row?.status === 'cancelled') {
      throw new ConflictError('EVENT_CANCELLED', 'This event has been cancelled; registration is closed');
    }
    if (row?.status !== 'published') {
      throw new ConflictError('EVENT_NOT_PUBLISHED', 'This event is not published; registration is not open');
    }
    throw new RuleViolationError('EVENT_FULL', 'This event is full and has no waitlist');
  }

  /** An unknown `via` is ignored: a stale partner link must not stop anyone from registering. */
  private async partnerId(slug: string): Promise<string | null> {
    const partner = await this.dataSource.manager.findOne(PartnerEntity, { where: { slug }, select: { id: true } });
    return partner?.id ?? null;
  }
}
