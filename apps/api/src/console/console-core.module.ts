import { Module } from '@nestjs/common';
import { CsrfService } from '../pages/csrf.service';
import { PageContextFactory } from '../pages/page-context';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleRenderer } from './console-renderer.service';
import { ConsoleSessionGuard } from './session/console-auth';
import { ConsoleRolesService } from './session/console-roles.service';
import { SessionCookie } from './session/session-cookie';
import { SessionsService } from './session/sessions.service';
import { SignInService } from './sign-in/sign-in.service';

const SHARED = [
  SessionsService,
  SessionCookie,
  ConsoleRolesService,
  ConsoleSessionGuard,
  ConsoleRenderer,
  ConsoleExceptionFilter,
  CsrfService,
  PageContextFactory,
  SignInService,
];

/**
 * What every console page module needs: sessions, the guard, the renderer,
 * the error filter. Feature modules (admin pages, organizer pages) import it.
 */
@Module({ providers: SHARED, exports: SHARED })
export class ConsoleCoreModule {}
