import { Outbox } from '@cohost/database';
import { digestsEqual, sha256 } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConsoleRolesService, RoleOption } from '../session/console-roles.service';
import { SessionsService } from '../session/sessions.service';

export type SignedIn = { secret: string; chosen: RoleOption | null };

/**
 * Sign-in by email link. A request writes a sign-in row and its
 * `console.sign_in` email through the outbox whatever the address (an
 * address nobody may sign in with gets the email row `skipped`), so both
 * answers cost the same. The worker mints the link; here it is consumed once.
 */
@Injectable()
export class SignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roles: ConsoleRolesService,
    private readonly sessions: SessionsService,
  ) {}

  /** Records a sign-in request; an email goes out only to a hub admin or an active organizer. */
  async request(email: string, locale: 'ja' | 'en', manager?: EntityManager): Promise<void> {
    const write = async (m: EntityManager) => {
      const roles = await this.roles.rolesOf(email, m);
      await Outbox.forSignIn(m, { email, locale, sendable: roles.length > 0 });
    };
    if (manager) await write(manager);
    else await this.dataSource.transaction(write);
  }

  /** Whether a link's token is usable now (the confirmation page's GET; consumes nothing). */
  async isUsable(token: unknown): Promise<boolean> {
    const digest = digestOf(token);
    if (!digest) return false;
    const [row]: Array<{ token_hash: Buffer }> = await this.dataSource.query(
      `SELECT token_hash FROM console_sign_ins WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
      [digest],
    );
    return !!row && digestsEqual(row.token_hash, digest);
  }

  /**
   * Consumes a link and starts a new session (ending the browser's previous
   * one, so the session id changes at sign-in). null when the link is
   * unknown, used, expired, or its address has no role any more.
   */
  async confirm(token: unknown, previousSecret: unknown): Promise<SignedIn | null> {
    const digest = digestOf(token);
    if (!digest) return null;
    return this.dataSource.transaction(async (manager) => {
      const [row]: Array<{ email: string; token_hash: Buffer }> = await manager.query(
        // A SELECT around the UPDATE: TypeORM answers a bare UPDATE with [rows, count].
        `WITH used AS (
           UPDATE console_sign_ins SET used_at = now()
            WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
            RETURNING email, token_hash)
         SELECT email, token_hash FROM used`,
        [digest],
      );
      if (!row || !digestsEqual(row.token_hash, digest)) return null;
      const options = await this.roles.rolesOf(row.email, manager);
      if (options.length === 0) return null;
      await this.sessions.endBySecret(previousSecret, manager);
      const chosen = options.length === 1 ? options[0] : null;
      const secret = await this.sessions.create(row.email, chosen, { manager });
      return { secret, chosen };
    });
  }
}

function digestOf(token: unknown): Buffer | null {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return null;
  return sha256(token);
}
