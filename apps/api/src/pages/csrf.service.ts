import { AppConfig } from '@cohost/config';
import { ForbiddenError } from '@cohost/domain';
import Tokens from '@fastify/csrf';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

const SECRET_COOKIE = 'cohost_csrf';

/**
 * CSRF protection of the page forms: a random secret in an HttpOnly cookie
 * and, in each form, a token derived from it (`@fastify/csrf`: salt + HMAC).
 * Another site can make a browser post a form but cannot read the cookie or
 * a page, so it cannot produce a token matching the secret. SameSite=Lax on
 * the cookie keeps it off cross-site posts as a second line.
 */
@Injectable()
export class CsrfService {
  private readonly tokens = new Tokens({ userInfo: false });
  private readonly secure: boolean;

  constructor(config: AppConfig) {
    this.secure = config.http.publicBaseUrl.startsWith('https:');
  }

  /** A token for a form on this response; sets the secret cookie on first use. */
  issue(request: FastifyRequest, reply: FastifyReply): string {
    let secret = request.cookies[SECRET_COOKIE];
    if (!secret || secret.length > 64) {
      secret = this.tokens.secretSync();
      request.cookies[SECRET_COOKIE] = secret;
      reply.setCookie(SECRET_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.secure });
    }
    return this.tokens.create(secret);
  }

  /** Throws `CSRF_INVALID` (403) unless the posted `_csrf` matches the cookie's secret. */
  verify(request: FastifyRequest, posted: unknown): void {
    const secret = request.cookies[SECRET_COOKIE];
    if (!secret || typeof posted !== 'string' || posted.length > 256 || !this.tokens.verify(secret, posted)) {
      throw new ForbiddenError(
        'CSRF_INVALID',
        'The form token is missing or invalid; reload the page and submit again',
      );
    }
  }
}
