import { Outbox } from '@cohost/database';
import { ConflictError, digestsEqual, NotFoundError, sha256 } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { RegistrationCancelledDto } from './dto/cancel.dto';
import { inTransactionWithRetry } from './transaction-retry';
import { promoteFromWaitlist } from './waitlist';

interface LockedRegistration {
  id: string;
  event_id: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  share_with_cohosts: boolean;
}

/** Unknown and already used tokens get this same answer, so a token's fate cannot be probed. */
const UNKNOWN_TOKEN = () =>
  new NotFoundError('CANCEL_TOKEN_INVALID', 'This cancel link is not valid or has already been used');

/**
 * Cancellation by the registrant (cancel token) or by an organizer. A freed
 * seat promotes the earliest waitlisted registrant in the same transaction.
 * Lock order: the registration row, then the event row (inside the counter
 * update and `promoteFromWaitlist`); registering locks only the event row
 * before inserting, so the two never wait on each other in a cycle.
 */
@Injectable()
export class RegistrationCancellationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
  ) {}

  async cancelByToken(token: string): Promise<RegistrationCancelledDto> {
    const presented = sha256(token);
    return inTransactionWithRetry(this.dataSource, async (manager) => {
      const [row] = (await manager.query(
        `SELECT t.token_hash, r.id, r.event_id, r.status, r.share_with_cohosts
           FROM registration_cancel_tokens t JOIN registrations r ON r.id = t.registration_id
          WHERE t.token_hash = $1
          FOR UPDATE OF r`,
        [presented],
      )) as Array<LockedRegistration & { token_hash: Buffer }>;
      // Looked up by digest, compared again in constant time (as bearer tokens are).
      if (!row || !digestsEqual(row.token_hash, presented) || row.status === 'cancelled') throw UNKNOWN_TOKEN();
      return this.cancelIn(manager, row, 'registrant');
    });
  }

  async cancelByOrganizer(
    idOrSlug: string,
    registrationId: string,
    caller: Caller | undefined,
  ): Promise<RegistrationCancelledDto> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'cancel_registration');
    return inTransactionWithRetry(this.dataSource, async (manager) => {
      const [row] = (await manager.query(
        `SELECT id, event_id, status, share_with_cohosts FROM registrations
          WHERE id = $1 AND event_id = $2
          FOR UPDATE`,
        [registrationId, event.id],
      )) as LockedRegistration[];
      // A co-host must not learn that a registrant who did not consent exists.
      if (!row || (relation !== 'host' && !row.share_with_cohosts)) {
        throw new NotFoundError('REGISTRATION_NOT_FOUND', 'No such registration for this event');
      }
      if (row.status === 'cancelled') {
        throw new ConflictError('REGISTRATION_ALREADY_CANCELLED', 'This registration is already cancelled');
      }
      return this.cancelIn(manager, row, 'organizer');
    });
  }

  private async cancelIn(
    manager: EntityManager,
    registration: LockedRegistration,
    by: 'registrant' | 'organizer',
  ): Promise<RegistrationCancelledDto> {
    await manager.query(
      `UPDATE registrations SET status = 'cancelled', cancelled_at = clock_timestamp(), cancelled_by = $2,
              updated_at = now()
        WHERE id = $1`,
      [registration.id, by],
    );
    // Only a confirmed registrant had a calendar entry to cancel; leaving the waitlist is a plain email.
    const kind = registration.status === 'waitlisted' ? 'registration.left_waitlist' : 'registration.cancelled';
    await Outbox.forRegistrations(manager, kind, [registration.id], {
      previousStatus: registration.status,
      cancelledBy: by,
    });
    let promoted: string[] = [];
    if (registration.status === 'confirmed') {
      await manager.query(`UPDATE events SET confirmed_count = confirmed_count - 1 WHERE id = $1`, [
        registration.event_id,
      ]);
      promoted = await promoteFromWaitlist(manager, registration.event_id);
    } else {
      await manager.query(`UPDATE events SET waitlisted_count = waitlisted_count - 1 WHERE id = $1`, [
        registration.event_id,
      ]);
    }
    return { id: registration.id, status: 'cancelled', promoted: promoted.length };
  }
}
