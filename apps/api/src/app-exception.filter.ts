import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ConsoleExceptionFilter } from './console/console-exception.filter';
import { CONSOLE_PREFIX } from './console/console-paths';
import { HttpExceptionFilter } from './http/exception.filter';
import { PageExceptionFilter } from './pages/page-exception.filter';

/** Who reads the answer to a path: a program (JSON), a console user or a visitor of the public pages (HTML). */
export type Surface = 'api' | 'console' | 'pages';

const API_PATHS = /^\/(?:api|docs|docs-json|metrics)(?:[/?]|$)/;
const CONSOLE_PATHS = new RegExp(`^${CONSOLE_PREFIX}(?:[/?]|$)`);

export function surfaceOf(url: string): Surface {
  if (API_PATHS.test(url)) return 'api';
  return CONSOLE_PATHS.test(url) ? 'console' : 'pages';
}

/**
 * The application-wide filter: errors no route-level filter took. Those are
 * an unknown path and a body refused by its parser (not UTF-8, too deep, too
 * large), raised before any controller. The JSON API answers them as JSON;
 * under `/console` and on the public pages a person reads the answer, so it
 * is the console's or the pages' error page, in the visitor's language, with
 * the same status and code.
 */
@Catch()
@Injectable()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly json = new HttpExceptionFilter();

  constructor(
    private readonly pages: PageExceptionFilter,
    private readonly console: ConsoleExceptionFilter,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void | Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    switch (surfaceOf(request.url)) {
      case 'console':
        return this.console.catch(exception, host);
      case 'pages':
        return this.pages.catch(exception, host);
      default:
        return this.json.catch(exception, host);
    }
  }
}
