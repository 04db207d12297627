import { generateSecret, sha256 } from '@cohost/domain';
import {
  mintCancelToken,
  mintInvitationCode,
  mintJoinToken,
  mintSignInToken,
  pgPool,
  readLinkKey,
} from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Coalescer } from './coalescer';

type TokenRequest = { table: 'cancel' | 'join'; registrationId: string };

/** The cancel and join tokens asked for in one turn: one INSERT into each table, one round trip. */
const MINT_SQL = `WITH c AS (
  INSERT INTO registration_cancel_tokens (registration_id, token_hash) SELECT * FROM unnest($1::uuid[], $2::bytea[])
), j AS (
  INSERT INTO registration_join_tokens (registration_id, token_hash) SELECT * FROM unnest($3::uuid[], $4::bytea[])
) SELECT 1`;
const MINT_STATEMENT = 'cohost_worker_mint_tokens';

/**
 * Makes the secrets of one email: a cancel token and a personal join link's
 * token for a registration, a code for an invitation, a sign-in link's token
 * for a console sign-in request. Only their SHA-256 is stored; the plain secret exists
 * in this email alone (a later email's code replaces an invitation's).
 *
 * Cancel and join tokens asked for by concurrent sends in the same turn of the
 * event loop are stored by one statement (a fan-out mints two per email); if
 * that statement fails (a registration erased meanwhile), each is stored on
 * its own so only its email sees the error.
 */
@Injectable()
export class SecretMinter {
  private linkKeyRead?: Promise<string>;
  private readonly tokens = new Coalescer<TokenRequest, PromiseSettledResult<string>>((requests) =>
    this.mintMany(requests),
  );

  constructor(private readonly dataSource: DataSource) {}

  /** The key of unsubscribe and erasure links (`app_secrets`), read once per process. */
  linkKey(): Promise<string> {
    this.linkKeyRead ??= readLinkKey(this.dataSource.manager);
    this.linkKeyRead.catch(() => (this.linkKeyRead = undefined));
    return this.linkKeyRead;
  }

  cancelToken(registrationId: string): Promise<string> {
    return this.tokens.call({ table: 'cancel', registrationId }).then(settled);
  }

  joinToken(registrationId: string): Promise<string> {
    return this.tokens.call({ table: 'join', registrationId }).then(settled);
  }

  invitationCode(invitationId: string): Promise<string> {
    return mintInvitationCode(this.dataSource.manager, invitationId);
  }

  /** Valid `validMinutes` from now; replaces the request's earlier token (a retried send). */
  signInToken(signInId: string, validMinutes: number): Promise<string> {
    return mintSignInToken(this.dataSource.manager, signInId, validMinutes);
  }

  private async mintMany(requests: TokenRequest[]): Promise<Array<PromiseSettledResult<string>>> {
    if (requests.length === 1) return Promise.allSettled([this.mintOne(requests[0])]);
    const secrets = requests.map(() => generateSecret(''));
    const values: [string[], Buffer[], string[], Buffer[]] = [[], [], [], []];
    requests.forEach((r, i) => {
      const at = r.table === 'cancel' ? 0 : 2;
      values[at].push(r.registrationId);
      (values[at + 1] as Buffer[]).push(sha256(secrets[i]));
    });
    try {
      await pgPool(this.dataSource).query({ name: MINT_STATEMENT, text: MINT_SQL, values });
      return secrets.map((value) => ({ status: 'fulfilled', value }));
    } catch {
      // Which one failed is unknown: each on its own, so only its email sees the error.
      return Promise.allSettled(requests.map((r) => this.mintOne(r)));
    }
  }

  private mintOne(request: TokenRequest): Promise<string> {
    return request.table === 'cancel'
      ? mintCancelToken(this.dataSource.manager, request.registrationId)
      : mintJoinToken(this.dataSource.manager, request.registrationId);
  }
}

function settled(result: PromiseSettledResult<string>): string {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
