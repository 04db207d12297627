import {
  isUniqueViolation,
  PartnerEntity,
  RegistrationNotificationKind,
  WebhookOutbox,
  withPgClient,
} from '@cohost/database';
import { assertInvitationRedeemable } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EventWaitlist } from '../events/event-waitlist';
import { RegistrationCreatedDto } from './dto/register.dto';
import { noPlace, organizationFull, registrationExists } from './registration-refusals';
import {
  CANCEL_REGISTRATION,
  CLOSE_WAITLIST,
  CONFIRM_WAITLISTED,
  EVENT_STATUS,
  EventSeatsRow,
  InvitationRow,
  LIVE_EMAIL_INDEX,
  LOCK_BY_CANCEL_TOKEN,
  LOCK_EVENT_FOR_ORGANIZATION,
  LOCK_EVENT_SEATS,
  LOCK_INVITATION,
  LOCK_OF_EVENT,
  LockedRegistrationRow,
  NEXT_WAITLISTED,
  NEXT_WAITLISTED_WITHIN_ORGANIZATION_CAPS,
  ORGANIZATION_SEATS,
  REDEEM_INVITATION,
  REGISTER_STATEMENT,
  registerParameters,
  RegisterStatementRow,
  Registrant,
  REGISTRATION_OUTBOX,
  SYNC_ORGANIZATION_SEAT_LIMITS,
} from './registration-writes.sql';
import { inTransactionWithRetry, withRetry } from './transaction-retry';
import { RegistrationAnswer, writeBatch } from './registration-batch-write';

export type { LockedRegistrationRow, Registrant };

export type { RegistrationAnswer };

/** The optimistic write of a batch met a live registration of one of its addresses (and was rolled back). */
class LiveAddressMet extends Error {}

function created(row: RegisterStatementRow): RegistrationCreatedDto {
  return row.status === 'confirmed'
    ? { id: row.id, status: row.status }
    : { id: row.id, status: row.status, waitlistPosition: row.position ?? undefined };
}

/** A concurrent live duplicate met the partial unique index: 409, never a 500. */
async function existsAs409<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, LIVE_EMAIL_INDEX)) throw registrationExists();
    throw error;
  }
}

/**
 * The one owner of registration writes: registering (alone, invited, as a
 * batch), promotion from the waitlist, cancellation, the event's seat
 * counters and the `registration.*` outbox rows. Its statements are in
 * `registration-writes.sql.ts` (raw SQL: the registration benchmark is what
 * shaped them). Services decide who may do what; this decides nothing but
 * what the database's state and constraints decide (a seat, a place on the
 * waitlist, a duplicate).
 *
 * Lock order everywhere: registration row, then event row; registering
 * locks the event row and then inserts; promotion skips locked rows.
 */
@Injectable()
export class RegistrationWritesRepository implements EventWaitlist {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `work` in a transaction, again on a serialization failure or deadlock. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransactionWithRetry(this.dataSource, work);
  }

  /** The id of the partner a `via` slug names, or null (an unknown one is ignored). */
  async partnerIdOf(slug: string): Promise<string | null> {
    const partner = await this.dataSource.manager.findOne(PartnerEntity, { where: { slug }, select: { id: true } });
    return partner?.id ?? null;
  }

  /**
   * A public registration on its own: the one-statement registration in its
   * own implicit transaction (one round trip). Used for a lone request and
   * for each item of a batch that failed.
   */
  registerOne(eventId: string, registrant: Registrant): Promise<RegistrationCreatedDto> {
    if (registrant.memberOrganizationId !== null) return this.registerMember(eventId, registrant);
    return existsAs409(() =>
      withRetry(async () => {
        const rows = (await this.dataSource.query(
          REGISTER_STATEMENT,
          registerParameters({ eventId, ...registrant, invitationId: null }),
        )) as RegisterStatementRow[];
        return rows[0] ? created(rows[0]) : this.refuseFull(this.dataSource.manager, eventId);
      }),
    );
  }

  /**
   * A registrant of a member organization written alone (members events
   * only): the event row is locked first, so the organization's seats read
   * next are final until COMMIT; an organization at its cap gets a waitlist
   * place (or `ORGANIZATION_FULL` without a waitlist). Without a cap this is
   * the plain statement in a transaction. The statement moves the
   * organization's counter with the event's.
   */
  private registerMember(eventId: string, registrant: Registrant): Promise<RegistrationCreatedDto> {
    return existsAs409(() =>
      this.transaction(async (manager) => {
        const atCap = await this.organizationAtCap(manager, eventId, registrant.memberOrganizationId);
        const [row] = (await manager.query(
          REGISTER_STATEMENT,
          registerParameters({ eventId, ...registrant, invitationId: null, organizationFull: atCap }),
        )) as RegisterStatementRow[];
        return row ? created(row) : this.refuseFull(manager, eventId);
      }),
    );
  }

  /**
   * For a registrant of member organization `organizationId` (null: none,
   * then false without a query): the event row locked, then whether the
   * organization holds `seatsPerOrganization` seats (read after the lock, so
   * final until COMMIT). At the cap without a waitlist: `ORGANIZATION_FULL`.
   */
  private async organizationAtCap(
    manager: EntityManager,
    eventId: string,
    organizationId: string | null,
  ): Promise<boolean> {
    if (organizationId === null) return false;
    const [event] = (await manager.query(LOCK_EVENT_FOR_ORGANIZATION, [eventId])) as Array<{
      waitlist: boolean;
      seats_per_organization: number | null;
    }>;
    if (!event?.seats_per_organization) return false;
    const [held] = (await manager.query(ORGANIZATION_SEATS, [eventId, [organizationId]])) as Array<{
      confirmed_count: number;
    }>;
    const atCap = (held?.confirmed_count ?? 0) >= event.seats_per_organization;
    if (atCap && !event.waitlist) throw organizationFull();
    return atCap;
  }

  /**
   * Invite-only events: the invitation of the address is locked, checked
   * against the presented code and redeemed in the same transaction as the
   * same statement (never batched: each needs its invitation's lock; its
   * counter update takes the event row's lock like a batch does).
   */
  registerInvited(
    eventId: string,
    registrant: Registrant,
    invitationCode: string | undefined,
  ): Promise<RegistrationCreatedDto> {
    return existsAs409(() =>
      this.transaction(async (manager) => {
        const [invitation] = (await manager.query(LOCK_INVITATION, [eventId, registrant.email])) as InvitationRow[];
        assertInvitationRedeemable(invitation, invitationCode);
        const atCap = await this.organizationAtCap(manager, eventId, registrant.memberOrganizationId);
        const [row] = (await manager.query(
          REGISTER_STATEMENT,
          registerParameters({ eventId, ...registrant, invitationId: invitation.id, organizationFull: atCap }),
        )) as RegisterStatementRow[];
        if (!row) return this.refuseFull(manager, eventId);
        await manager.query(REDEEM_INVITATION, [invitation.id, row.id]);
        return created(row);
      }),
    );
  }

  /**
   * A batch of public registrations to one event in ONE transaction (see
   * `registration-writes.sql.ts`): written first without looking up its
   * addresses; one that meets a live registration is rolled back and written
   * again after the look-up. Serialization failures and deadlocks are
   * retried; any other failure throws (the caller then writes the items one
   * by one). One answer per registrant, in order.
   */
  async registerBatch(eventId: string, registrants: readonly Registrant[]): Promise<RegistrationAnswer[]> {
    try {
      return await this.batchTransaction(eventId, registrants, 'optimistic');
    } catch (error) {
      if (!(error instanceof LiveAddressMet)) throw error;
      return this.batchTransaction(eventId, registrants, 'checked');
    }
  }

  /**
   * One pooled connection, its statements queued so that `pg` sends each as
   * soon as the server is ready: BEGIN with the lock, the write with its
   * COMMIT (two waits for the api's event loop instead of four, and the event
   * row stays locked through them). `optimistic` assumes no address of the
   * batch is live yet (duplicates inside the batch are still decided) and
   * throws `LiveAddressMet` when the unique index proves otherwise; `checked`
   * reads the live addresses first.
   */
  private batchTransaction(
    eventId: string,
    registrants: readonly Registrant[],
    mode: 'optimistic' | 'checked',
  ): Promise<RegistrationAnswer[]> {
    return withRetry(() =>
      withPgClient(this.dataSource, async (client) => {
        try {
          return await writeBatch(client, eventId, registrants, mode);
        } catch (error) {
          // A no-op (with a warning) when the COMMIT already ended the transaction.
          await client.query('ROLLBACK');
          if (mode === 'optimistic' && isUniqueViolation(error, LIVE_EMAIL_INDEX)) {
            throw new LiveAddressMet(String(error));
          }
          throw error;
        }
      }),
    );
  }

  /** No seat and no waitlist: say why (the event may have been cancelled meanwhile). */
  private async refuseFull(manager: EntityManager, eventId: string): Promise<never> {
    const [row] = (await manager.query(EVENT_STATUS, [eventId])) as Array<{ status: string }>;
    throw noPlace(row?.status);
  }

  /** The registration a cancel token's digest belongs to, locked, with the stored digest (to compare again). */
  async lockByCancelToken(
    manager: EntityManager,
    tokenHash: Buffer,
  ): Promise<(LockedRegistrationRow & { token_hash: Buffer }) | undefined> {
    const [row] = (await manager.query(LOCK_BY_CANCEL_TOKEN, [tokenHash])) as Array<
      LockedRegistrationRow & { token_hash: Buffer }
    >;
    return row;
  }

  /** Registration `registrationId` of event `eventId`, locked. */
  async lockOfEvent(
    manager: EntityManager,
    registrationId: string,
    eventId: string,
  ): Promise<LockedRegistrationRow | undefined> {
    const [row] = (await manager.query(LOCK_OF_EVENT, [registrationId, eventId])) as LockedRegistrationRow[];
    return row;
  }

  /**
   * Cancels a locked live registration in the caller's transaction: its
   * counter moves, its `registration.cancelled` row is written (or
   * `registration.left_waitlist` for a waitlisted one), with the status it
   * had, and a freed seat is filled from the waitlist. Returns how many
   * were promoted.
   */
  async cancel(
    manager: EntityManager,
    registration: LockedRegistrationRow,
    by: 'registrant' | 'organizer',
  ): Promise<number> {
    await manager.query(CANCEL_REGISTRATION, [registration.id, by, registration.event_id, registration.status]);
    // Only a confirmed registrant had a calendar entry to cancel; leaving the waitlist is a plain email.
    const kind = registration.status === 'waitlisted' ? 'registration.left_waitlist' : 'registration.cancelled';
    await this.writeOutbox(manager, kind, [registration.id], {
      previousStatus: registration.status,
      cancelledBy: by,
    });
    if (registration.status !== 'confirmed') return 0;
    return (await this.promote(manager, registration.event_id)).length;
  }

  /**
   * Fills every free seat of an event from its waitlist, earliest first, in
   * the caller's transaction: registrations become `confirmed`, the counters
   * move, one `registration.promoted` row per promoted registrant. Locks the
   * event row first (the same order as registering), so concurrent callers
   * promote one after the other and never the same person twice; rows locked
   * by another transaction (a waitlisted registrant cancelling right now) are
   * skipped. Nobody is promoted into an event that is not published or has
   * ended. Returns the promoted ids in order.
   */
  async promote(manager: EntityManager, eventId: string): Promise<string[]> {
    const [event] = (await manager.query(LOCK_EVENT_SEATS, [eventId])) as EventSeatsRow[];
    if (!event || !event.open) return [];
    const free = event.capacity === null ? null : event.capacity - event.confirmed_count;
    if (free !== null && free <= 0) return [];
    const rows = (await (event.seats_per_organization === null
      ? manager.query(NEXT_WAITLISTED, [eventId, free])
      : manager.query(NEXT_WAITLISTED_WITHIN_ORGANIZATION_CAPS, [
          eventId,
          free,
          event.seats_per_organization,
        ]))) as Array<{
      id: string;
    }>;
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    await manager.query(CONFIRM_WAITLISTED, [eventId, ids]);
    await this.writeOutbox(manager, 'registration.promoted', ids);
    return ids;
  }

  /**
   * `EventWaitlist` for the events module: a raised capacity (or a changed
   * `seatsPerOrganization`, whose limit the counters' CHECK then follows)
   * promotes in the PATCH's transaction. Returns how many were promoted.
   */
  async promoteAfterCapacityChange(manager: EntityManager, eventId: string): Promise<number> {
    await manager.query(SYNC_ORGANIZATION_SEAT_LIMITS, [eventId]);
    return (await this.promote(manager, eventId)).length;
  }

  /** `EventWaitlist` for the events module: a cancelled event's waitlist is closed in the cancel's transaction. */
  async closeForCancelledEvent(manager: EntityManager, eventId: string, now: Date): Promise<void> {
    await manager.query(CLOSE_WAITLIST, [eventId, now]);
  }

  private async writeOutbox(
    manager: EntityManager,
    kind: Extract<
      RegistrationNotificationKind,
      'registration.cancelled' | 'registration.left_waitlist' | 'registration.promoted'
    >,
    registrationIds: readonly string[],
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await manager.query(REGISTRATION_OUTBOX, [kind, registrationIds, JSON.stringify(data)]);
    const type = kind === 'registration.promoted' ? 'registration.promoted' : 'registration.cancelled';
    for (const registrationId of registrationIds) await WebhookOutbox.emit(manager, { type, registrationId });
  }
}
