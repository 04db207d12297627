import { EventEntity, JoinTokenEntity, RegistrationEntity, RegistrationRecordsRepository } from '@cohost/database';
import { digestsEqual, joinLinkState, type JoinLinkState, sha256 } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A join token as the emails carry it (base64url of 32 bytes); anything else is unknown without a look-up. */
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

export interface OpenedJoinLink {
  state: JoinLinkState;
  registration: RegistrationEntity;
  event: EventEntity;
}

/**
 * What a personal join link (`/j/<token>`) leads to: the registration its
 * token belongs to and what to do now (`joinLinkState` of libs/domain).
 * The first opening during the join window records `joined_at` (and marks
 * the registrant as attended).
 */
@Injectable()
export class JoinLinkService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** null for an unknown or malformed token. */
  async open(token: unknown, now = new Date()): Promise<OpenedJoinLink | null> {
    if (typeof token !== 'string' || !TOKEN.test(token)) return null;
    const presented = sha256(token);
    const row = await this.dataSource.manager.findOne(JoinTokenEntity, {
      where: { tokenHash: presented },
      relations: { registration: { event: true } },
    });
    const registration = row?.registration;
    const event = registration?.event;
    if (!row || !registration || !event || !digestsEqual(row.tokenHash, presented)) return null;
    const state = joinLinkState({ event, registration }, now);
    if (state === 'open' && registration.joinedAt === null) {
      // The first opening wins; a concurrent second one changes nothing.
      await RegistrationRecordsRepository.markJoined(this.dataSource.manager, registration.id, now);
    }
    return { state, registration, event };
  }
}
