import { mintCancelToken, mintInvitationCode, mintJoinToken, mintSignInToken, readLinkKey } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Makes the secrets of one email: a cancel token and a personal join link's
 * token for a registration, a code for an invitation, a sign-in link's token
 * for a console sign-in request. Only their SHA-256 is stored; the plain secret exists
 * in this email alone (a later email's code replaces an invitation's).
 */
@Injectable()
export class SecretMinter {
  private linkKeyRead?: Promise<string>;

  constructor(private readonly dataSource: DataSource) {}

  /** The key of unsubscribe and erasure links (`app_secrets`), read once per process. */
  linkKey(): Promise<string> {
    this.linkKeyRead ??= readLinkKey(this.dataSource.manager);
    this.linkKeyRead.catch(() => (this.linkKeyRead = undefined));
    return this.linkKeyRead;
  }

  cancelToken(registrationId: string): Promise<string> {
    return mintCancelToken(this.dataSource.manager, registrationId);
  }

  joinToken(registrationId: string): Promise<string> {
    return mintJoinToken(this.dataSource.manager, registrationId);
  }

  invitationCode(invitationId: string): Promise<string> {
    return mintInvitationCode(this.dataSource.manager, invitationId);
  }

  /** Valid `validMinutes` from now; replaces the request's earlier token (a retried send). */
  signInToken(signInId: string, validMinutes: number): Promise<string> {
    return mintSignInToken(this.dataSource.manager, signInId, validMinutes);
  }
}
