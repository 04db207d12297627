import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toBody } from '../http/exception.filter';
import { ConsoleSignInRequired } from './console-errors';
import { ConsoleRenderer } from './console-renderer.service';
import type { ConsoleMessageKey, ConsoleTranslate } from './i18n';
import { renderErrorPageOrFallback } from '../http/html-error-fallback';

const MESSAGE_OF_CODE: Record<string, ConsoleMessageKey> = {
  CSRF_INVALID: 'error.CSRF',
  RATE_LIMITED: 'error.RATE_LIMITED',
};

const MESSAGE_OF_STATUS: Record<number, ConsoleMessageKey> = {
  400: 'error.BAD_REQUEST',
  403: 'error.FORBIDDEN',
  404: 'error.notFound',
  409: 'error.CONFLICT',
  422: 'error.RULE',
  429: 'error.RATE_LIMITED',
};

export function consoleMessage(t: ConsoleTranslate, status: number, code: string, errorId?: string): string {
  // An unreachable dependency (503) has no error id: nothing to quote, only to retry.
  if (status === 503) return t('error.UNAVAILABLE');
  if (status >= 500) return t('error.SERVER', { id: errorId ?? '-' });
  return t(MESSAGE_OF_CODE[code] ?? MESSAGE_OF_STATUS[status] ?? 'error.BAD_REQUEST');
}

/**
 * Errors of console routes: not signed in -> 303 to the sign-in page; any
 * other error -> a console page in the visitor's language with the status
 * the JSON API would give (403 for a wrong role or a missing CSRF token), a
 * 500 with an error id only. Forms handle their own validation errors.
 */
@Catch()
@Injectable()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ConsoleExceptionFilter');

  constructor(private readonly renderer: ConsoleRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    return renderErrorPageOrFallback(reply, this.logger, () => this.render(exception, request, reply));
  }

  private async render(exception: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (reply.sent) return;
    if (exception instanceof ConsoleSignInRequired) {
      await reply.status(303).header('location', exception.location).header('cache-control', 'no-store').send();
      return;
    }
    const { payload, headers } = toBody(exception, request.id);
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    const { statusCode: status, code } = payload;
    const view = await this.renderer.view(request, reply, { path: '/console' });
    const title =
      status === 404
        ? view.t('error.notFoundTitle')
        : status === 403
          ? view.t('error.forbiddenTitle')
          : view.t('error.title');
    await this.renderer.render(
      reply,
      view,
      'error.eta',
      { title, message: consoleMessage(view.t, status, code, payload.errorId) },
      status,
    );
  }
}
