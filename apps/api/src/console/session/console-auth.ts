import {
  applyDecorators,
  CanActivate,
  Controller,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { ForbiddenError } from '@cohost/domain';
import { timingSafeEqual } from 'node:crypto';
import { CsrfService } from '../../pages/csrf.service';
import { ConsoleRequest, ConsoleSignInRequired } from '../console-errors';
import { ConsoleExceptionFilter } from '../console-exception.filter';
import { CONSOLE_PATHS, SESSION_COOKIE } from '../console-paths';
import type { ConsoleActor } from './console-actor';
import { SessionsService } from './sessions.service';

/**
 * Who may use a console route: a role, `any` role, or `session` (signed in,
 * role not yet chosen: the role chooser and sign-out). Routes without it
 * (the sign-in pages) are open, their POSTs still CSRF-checked.
 */
export type ConsoleAccess = 'admin' | 'organizer' | 'any' | 'session';

const ACCESS_KEY = 'cohost:console-access';

/** A console controller: HTML, errors as console pages, the session guard on every route. */
export function ConsoleController(path = '') {
  return applyDecorators(
    Controller(path ? `console/${path}` : 'console'),
    ApiExcludeController(),
    UseFilters(ConsoleExceptionFilter),
    UseGuards(ConsoleSessionGuard),
  );
}

/** Requires a signed-in actor of this role (`any`: either); wrong role -> 403 page, none -> 303 to sign-in. */
export function ConsoleAuth(access: ConsoleAccess) {
  return SetMetadata(ACCESS_KEY, access);
}

/** The console actor of the request (on routes with `@ConsoleAuth(...)`). */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): ConsoleActor => {
  const actor = ctx.switchToHttp().getRequest<ConsoleRequest>().consoleActor;
  if (!actor) throw new Error('@Actor() on a route without @ConsoleAuth()');
  return actor;
});

function csrfError(): ForbiddenError {
  return new ForbiddenError('CSRF_INVALID', 'The form token is missing or invalid; reload the page and submit again');
}

function sameToken(a: string, b: unknown): boolean {
  if (typeof b !== 'string' || b.length !== a.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Resolves the session cookie, enforces `@ConsoleAuth`, and checks the CSRF
 * token of every POST: the session's own token when signed in, the pages'
 * cookie-bound token on the sign-in forms.
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly csrf: CsrfService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<ConsoleAccess | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const posted = request.method === 'POST' ? ((request.body ?? {}) as { _csrf?: unknown })._csrf : undefined;
    const session = await this.sessions.resolve(request.cookies?.[SESSION_COOKIE]);
    if (session) request.consoleSession = session;

    if (!access) {
      if (request.method === 'POST') this.csrf.verify(request, posted);
      return true;
    }
    if (!session) throw new ConsoleSignInRequired();
    if (request.method === 'POST' && !sameToken(session.csrfToken, posted)) throw csrfError();
    // Set before the role check, so that a 403 page still shows the actor's own navigation.
    if (session.role) {
      request.consoleActor = {
        sessionId: session.id,
        email: session.email,
        role: session.role,
        csrfToken: session.csrfToken,
        ...(session.role === 'organizer'
          ? { organizerId: session.organizerId!, partnerId: session.partnerId!, partnerSlug: session.partnerSlug! }
          : {}),
      };
    }
    if (access === 'session') return true;
    if (!session.role) throw new ConsoleSignInRequired(CONSOLE_PATHS.role);
    if (access !== 'any' && access !== session.role) {
      throw new ForbiddenError('CONSOLE_ROLE_FORBIDDEN', `This page needs the ${access} role`);
    }
    return true;
  }
}
