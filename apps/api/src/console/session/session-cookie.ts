import { AppConfig } from '@cohost/config';
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../console-paths';
import { SessionsService } from './sessions.service';

/** The session cookie: the random id only, HttpOnly, SameSite=Lax, Secure under https, for `/console`. */
@Injectable()
export class SessionCookie {
  private readonly secure: boolean;

  constructor(
    config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    this.secure = config.http.publicBaseUrl.startsWith('https:');
  }

  set(reply: FastifyReply, secret: string): void {
    reply.setCookie(SESSION_COOKIE, secret, {
      path: '/console',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      maxAge: this.sessions.absoluteSeconds,
    });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/console', httpOnly: true, sameSite: 'lax', secure: this.secure });
  }
}
