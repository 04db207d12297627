import { mintCancelToken, mintInvitationCode, mintJoinToken } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Makes the secrets of one email: a cancel token and a personal join link's
 * token for a registration, a code for an invitation. Only their SHA-256 is stored; the plain secret exists
 * in this email alone (a later email's code replaces an invitation's).
 */
@Injectable()
export class SecretMinter {
  constructor(private readonly dataSource: DataSource) {}

  cancelToken(registrationId: string): Promise<string> {
    return mintCancelToken(this.dataSource.manager, registrationId);
  }

  joinToken(registrationId: string): Promise<string> {
    return mintJoinToken(this.dataSource.manager, registrationId);
  }

  invitationCode(invitationId: string): Promise<string> {
    return mintInvitationCode(this.dataSource.manager, invitationId);
  }
}
