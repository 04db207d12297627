import { EventEntity, isUniqueViolation, Outbox, PartnerEntity } from '@cohost/database';
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
import { inTransactionWithRetry } from './transaction-retry';

interface Registrant {
  email: string;
  name: string;
  organization: string;
  locale: 'ja' | 'en';
  timezone: string;
  viaPartnerId: string | null;
  shareWithCohosts: boolean;
  invitationCode?: string;
}

/**
 * Registering for an event. Correct under any concurrency by construction:
 * the seat is taken by one conditional UPDATE of the event's counter (the
 * row lock it takes orders registrations of an event), the CHECK
 * `confirmed_count <= capacity` is the backstop, and the partial unique index
 * on (event, lower(email)) turns a concurrent duplicate into a 409.
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
      return await inTransactionWithRetry(this.dataSource, (manager) => this.registerIn(manager, event, registrant));
    } catch (error) {
      if (isUniqueViolation(error, 'registrations_active_email_key')) {
        throw new ConflictError('REGISTRATION_EXISTS', 'This email address is already registered for this event');
      }
      throw error;
    }
  }

  private async registerIn(
    manager: EntityManager,
    event: EventEntity,
    registrant: Registrant,
  ): Promise<RegistrationCreatedDto> {
    const invitationId =
      event.visibility === 'invite_only' ? await this.redeemInvitation(manager, event.id, registrant) : null;

    const seat = (await manager.query(
      `UPDATE events SET confirmed_count = confirmed_count + 1
        WHERE id = $1 AND status = 'published' AND (capacity IS NULL OR confirmed_count < capacity)
        RETURNING id`,
      [event.id],
    )) as [unknown[], number];
    let status: 'confirmed' | 'waitlisted' = 'confirmed';
    let waitlistPosition: number | undefined;
    if (seat[1] === 0) {
      // Under the event row lock taken here, waitlisting is serialized: the
      // new count is this registrant's place at the end of the FIFO queue.
      const [queued] = (await manager.query(
        `UPDATE events SET waitlisted_count = waitlisted_count + 1
          WHERE id = $1 AND status = 'published' AND waitlist
          RETURNING waitlisted_count`,
        [event.id],
      )) as [Array<{ waitlisted_count: number }>, number];
      if (queued.length === 0) await this.refuseFull(manager, event.id);
      status = 'waitlisted';
      waitlistPosition = queued[0].waitlisted_count;
    }

    const [inserted] = (await manager.query(
      `INSERT INTO registrations
         (event_id, email, name, organization, locale, timezone, via_partner_id, share_with_cohosts, status,
          invitation_id, confirmed_at, waitlisted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
               CASE WHEN $9 = 'confirmed' THEN clock_timestamp() END,
               CASE WHEN $9 = 'waitlisted' THEN clock_timestamp() END)
       RETURNING id`,
      [
        event.id,
        registrant.email,
        registrant.name,
        registrant.organization,
        registrant.locale,
        registrant.timezone,
        registrant.viaPartnerId,
        registrant.shareWithCohosts,
        status,
        invitationId,
      ],
    )) as Array<{ id: string }>;
    if (invitationId) {
      await manager.query(`UPDATE invitations SET used_at = now(), registration_id = $2 WHERE id = $1`, [
        invitationId,
        inserted.id,
      ]);
    }
    if (status === 'confirmed') {
      await Outbox.forRegistrations(manager, 'registration.confirmed', [inserted.id]);
      return { id: inserted.id, status };
    }
    await Outbox.forRegistrations(manager, 'registration.waitlisted', [inserted.id], { waitlistPosition });
    return { id: inserted.id, status, waitlistPosition };
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
