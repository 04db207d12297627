import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimit } from '../../throttling/rate-limit.guard';
import { fieldErrors, readFormValues, validateInto } from '../console-form';
import { ConsoleRequest } from '../console-errors';
import { CONSOLE_PATHS, SESSION_COOKIE } from '../console-paths';
import { ConsoleRenderer, roleLabel } from '../console-renderer.service';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import type { ConsoleActor } from '../session/console-actor';
import { ConsoleRolesService, roleKey, RoleOption } from '../session/console-roles.service';
import { SessionCookie } from '../session/session-cookie';
import { SessionsService } from '../session/sessions.service';
import { SignInRequestDto } from './sign-in.dto';
import { SignInService } from './sign-in.service';

/** Each role's first page. */
export function homeOf(role: 'admin' | 'organizer'): string {
  return role === 'admin' ? CONSOLE_PATHS.admin.partners : CONSOLE_PATHS.organizer.events;
}

function seeOther(reply: FastifyReply, location: string): void {
  void reply.status(303).header('location', location).header('cache-control', 'no-store').send();
}

/** Sign-in by email link, the role chooser, sign-out. */
@ConsoleController()
export class SignInController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly signIns: SignInService,
    private readonly sessions: SessionsService,
    private readonly roles: ConsoleRolesService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get()
  @ConsoleAuth('any')
  home(@Actor() actor: ConsoleActor, @Res() reply: FastifyReply): void {
    seeOther(reply, homeOf(actor.role));
  }

  @Get('sign-in')
  async signInPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    const signedOut = (request.query as Record<string, unknown> | undefined)?.['signed-out'] === '1';
    await this.renderer.render(reply, view, 'sign-in.eta', {
      title: view.t('signIn.title'),
      values: { email: '' },
      errors: [],
      notice: signedOut ? view.t('signIn.signedOut') : null,
    });
  }

  @Post('sign-in')
  @RateLimit('sign-in')
  async requestLink(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const view = await this.renderer.view(request, reply, { path: CONSOLE_PATHS.signIn });
    const values = readFormValues(body, ['email'], 300);
    const check = await validateInto(SignInRequestDto, values);
    if (!check.ok) {
      const errors = fieldErrors(
        check.fields,
        (path) => (path === 'email' ? 'email' : undefined),
        () => view.t('signIn.emailInvalid'),
      );
      return this.renderer.render(
        reply,
        view,
        'sign-in.eta',
        { title: view.t('signIn.title'), values, errors, error: view.t('form.invalid'), notice: null },
        400,
      );
    }
    await this.signIns.request(check.value.email, view.locale);
    await this.renderer.render(reply, view, 'sign-in-sent.eta', { title: view.t('signIn.sentTitle') });
  }

  /** Shows a button; never signs in (mail scanners open links). */
  @Get('sign-in/confirm')
  async confirmPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    const view = await this.renderer.view(request, reply);
    if (!(await this.signIns.isUsable(token))) return this.invalidLink(reply, view);
    await this.renderer.render(reply, view, 'confirm.eta', { title: view.t('signIn.confirmTitle'), token });
  }

  @Post('sign-in/confirm')
  async confirm(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const token = (body as { token?: unknown } | undefined)?.token;
    const signedIn = await this.signIns.confirm(token, request.cookies?.[SESSION_COOKIE]);
    if (!signedIn) {
      const view = await this.renderer.view(request, reply, { path: CONSOLE_PATHS.signIn });
      return this.invalidLink(reply, view);
    }
    this.cookie.set(reply, signedIn.secret);
    seeOther(reply, signedIn.chosen ? homeOf(signedIn.chosen.role) : CONSOLE_PATHS.role);
  }

  @Get('role')
  @ConsoleAuth('session')
  async rolePage(@Req() request: ConsoleRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    const options = await this.roles.rolesOf(request.consoleSession!.email);
    await this.renderer.render(reply, view, 'role.eta', {
      title: view.t('role.title'),
      options: options.map((option) => ({
        key: roleKey(option),
        label: roleLabel(option, view.t, view.locale),
        current: isCurrent(option, request),
      })),
    });
  }

  /** Switches to another of the person's roles under a new session id (same absolute expiry). */
  @Post('role')
  @ConsoleAuth('session')
  async chooseRole(@Body() body: unknown, @Req() request: ConsoleRequest, @Res() reply: FastifyReply) {
    const session = request.consoleSession!;
    const wanted = (body as { role?: unknown } | undefined)?.role;
    const option = (await this.roles.rolesOf(session.email)).find((o) => roleKey(o) === wanted);
    if (!option) {
      // Not one of this person's roles (any more): show the current list again.
      return seeOther(reply, CONSOLE_PATHS.role);
    }
    const expiresAt = (await this.sessions.expiryOf(session.id)) ?? undefined;
    const secret = await this.sessions.create(session.email, option, { expiresAt });
    await this.sessions.end(session.id);
    this.cookie.set(reply, secret);
    seeOther(reply, homeOf(option.role));
  }

  /** Ends the session on the server; the old cookie no longer works anywhere. */
  @Post('sign-out')
  @ConsoleAuth('session')
  async signOut(@Req() request: ConsoleRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.sessions.end(request.consoleSession!.id);
    this.cookie.clear(reply);
    seeOther(reply, `${CONSOLE_PATHS.signIn}?signed-out=1`);
  }

  private invalidLink(reply: FastifyReply, view: Awaited<ReturnType<ConsoleRenderer['view']>>): Promise<void> {
    return this.renderer.render(reply, view, 'sign-in-invalid.eta', { title: view.t('signIn.invalidTitle') }, 404);
  }
}

function isCurrent(option: RoleOption, request: ConsoleRequest): boolean {
  const session = request.consoleSession;
  if (!session?.role) return false;
  return option.role === 'admin' ? session.role === 'admin' : session.organizerId === option.organizerId;
}
