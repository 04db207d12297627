import { ConflictError, digestsEqual, NotFoundError, sha256 } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { RegistrationCancelledDto } from './dto/cancel.dto';
import { LockedRegistrationRow, RegistrationWritesRepository } from './registration-writes.repository';

/** Unknown and already used tokens get this same answer, so a token's fate cannot be probed. */
const UNKNOWN_TOKEN = () =>
  new NotFoundError('CANCEL_TOKEN_INVALID', 'This cancel link is not valid or has already been used');

/**
 * Cancellation by the registrant (cancel token) or by an organizer: who may
 * cancel which registration. The writes (the registration, its counter, the
 * outbox row, the promotion a freed seat brings, all in one transaction) are
 * `RegistrationWritesRepository`'s. Lock order: the registration row, then
 * the event row; registering locks only the event row before inserting, so
 * the two never wait on each other in a cycle.
 */
@Injectable()
export class RegistrationCancellationService {
  constructor(
    private readonly writes: RegistrationWritesRepository,
    private readonly access: EventAccessService,
  ) {}

  async cancelByToken(token: string): Promise<RegistrationCancelledDto> {
    const presented = sha256(token);
    return this.writes.transaction(async (manager) => {
      const row = await this.writes.lockByCancelToken(manager, presented);
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
    return this.writes.transaction(async (manager) => {
      const row = await this.writes.lockOfEvent(manager, registrationId, event.id);
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
    registration: LockedRegistrationRow,
    by: 'registrant' | 'organizer',
  ): Promise<RegistrationCancelledDto> {
    const promoted = await this.writes.cancel(manager, registration, by);
    return { id: registration.id, status: 'cancelled', promoted };
  }
}
