import { AppConfig } from '@cohost/config';
import { ConsoleSessionEntity } from '@cohost/database';
import { digestsEqual, generateSecret, sha256 } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { RoleOption } from './console-roles.service';

/** A live session as the guard needs it. */
export interface SessionRecord {
  id: string;
  email: string;
  role: 'admin' | 'organizer' | null;
  organizerId: string | null;
  partnerId: string | null;
  partnerSlug: string | null;
  csrfToken: string;
}

interface SessionRow {
  id: string;
  token_hash: Buffer;
  email: string;
  role: 'admin' | 'organizer' | null;
  organizer_id: string | null;
  partner_id: string | null;
  slug: string | null;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  deactivated_at: Date | null;
}

/** last_seen_at is written at most this often, not on every page. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Console sessions, server-side: the cookie carries a random id (32 bytes),
 * the table its SHA-256. A session ends after `CONSOLE_SESSION_IDLE_MINUTES`
 * without use, `CONSOLE_SESSION_ABSOLUTE_HOURS` after sign-in, at sign-out,
 * and when the organizer it acts as is deactivated. The one writer of
 * `console_sessions`.
 */
@Injectable()
export class SessionsService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.idleMs = config.console.sessionIdleMinutes * 60_000;
    this.absoluteMs = config.console.sessionAbsoluteHours * 3_600_000;
  }

  /** The absolute lifetime in seconds (the cookie's Max-Age). */
  get absoluteSeconds(): number {
    return Math.floor(this.absoluteMs / 1000);
  }

  /**
   * Starts a session for `email` acting as `role` (null: to be chosen) and
   * returns the cookie's secret. `expiresAt` keeps the absolute end of the
   * session this one replaces (a role switch does not extend it).
   */
  async create(
    email: string,
    role: RoleOption | null,
    options: { expiresAt?: Date; manager?: EntityManager } = {},
  ): Promise<string> {
    const secret = generateSecret('');
    const now = new Date();
    await (options.manager ?? this.dataSource.manager).insert(ConsoleSessionEntity, {
      tokenHash: sha256(secret),
      email,
      role: role?.role ?? null,
      organizerId: role?.role === 'organizer' ? role.organizerId : null,
      hubAdminId: role?.role === 'admin' ? role.hubAdminId : null,
      csrfToken: randomBytes(32).toString('base64url'),
      lastSeenAt: now,
      expiresAt: options.expiresAt ?? new Date(now.getTime() + this.absoluteMs),
    });
    return secret;
  }

  /** The live session of a cookie secret, or null (unknown, expired, or its organizer deactivated). */
  async resolve(secret: unknown): Promise<SessionRecord | null> {
    if (typeof secret !== 'string' || secret.length < 20 || secret.length > 100) return null;
    const digest = sha256(secret);
    const [row]: SessionRow[] = await this.dataSource.query(
      `SELECT s.id, s.token_hash, s.email, s.role, s.organizer_id, o.partner_id, p.slug, s.csrf_token,
              s.last_seen_at, s.expires_at, o.deactivated_at
         FROM console_sessions s
         LEFT JOIN organizers o ON o.id = s.organizer_id
         LEFT JOIN partners p ON p.id = o.partner_id
        WHERE s.token_hash = $1`,
      [digest],
    );
    if (!row || !digestsEqual(row.token_hash, digest)) return null;
    const now = Date.now();
    if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + this.idleMs <= now || row.deactivated_at) {
      await this.dataSource.query(`DELETE FROM console_sessions WHERE id = $1`, [row.id]);
      return null;
    }
    if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await this.dataSource.query(`UPDATE console_sessions SET last_seen_at = now() WHERE id = $1`, [row.id]);
    }
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      organizerId: row.organizer_id,
      partnerId: row.partner_id,
      partnerSlug: row.slug,
      csrfToken: row.csrf_token,
    };
  }

  /** The absolute end of a session (kept across a role switch). */
  async expiryOf(sessionId: string): Promise<Date | null> {
    const session = await this.dataSource.manager.findOneBy(ConsoleSessionEntity, { id: sessionId });
    return session?.expiresAt ?? null;
  }

  /** Ends one session (sign-out, or replaced by a new one). */
  async end(sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(ConsoleSessionEntity, { id: sessionId });
  }

  /** Ends the session of a cookie secret, if any (sign-in replaces whatever session the browser had). */
  async endBySecret(secret: unknown, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (typeof secret !== 'string' || secret.length > 100) return;
    await manager.delete(ConsoleSessionEntity, { tokenHash: sha256(secret) });
  }

  /** Ends every session acting as this organizer (deactivation), in the caller's transaction. */
  async endAllOfOrganizer(organizerId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const result = await manager.delete(ConsoleSessionEntity, { organizerId });
    return result.affected ?? 0;
  }
}
