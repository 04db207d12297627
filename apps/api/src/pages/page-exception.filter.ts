import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpExceptionFilter } from '../http/exception.filter';
import { ValidationFailedException } from '../http/validation';
import { CancelPreviewService } from '../registrations/cancel-preview.service';
import type { MessageKey, Translate } from './i18n';
import { PageRenderer } from './page-renderer.service';
import { formFieldOf, FormField, readRegisterForm } from './register-form';

/** Messages of the codes a visitor can meet on the pages; other codes fall back by status. */
const MESSAGE_OF_CODE: Record<string, MessageKey> = {
  REGISTRATION_EXISTS: 'error.DUPLICATE',
  DUPLICATE: 'error.DUPLICATE',
  EVENT_FULL: 'error.FULL',
  REGISTRATION_CLOSED: 'error.CLOSED',
  EVENT_ALREADY_STARTED: 'error.CLOSED',
  REGISTRATION_NOT_OPEN: 'error.NOT_OPEN',
  EVENT_CANCELLED: 'error.CANCELLED',
  INVITATION_REQUIRED: 'error.INVITE_ONLY',
  INVITATION_INVALID: 'error.INVITE_ONLY',
  INVITATION_USED: 'error.INVITE_ONLY',
  CSRF_INVALID: 'error.CSRF',
  VALIDATION_FAILED: 'error.INVALID',
  RATE_LIMITED: 'error.RATE_LIMITED',
};

const MESSAGE_OF_STATUS: Record<number, MessageKey> = {
  400: 'error.BAD_REQUEST',
  403: 'error.FORBIDDEN',
  404: 'error.notFound',
  409: 'error.CONFLICT',
  422: 'error.RULE',
  429: 'error.RATE_LIMITED',
};

const FIELD_MESSAGE: Record<FormField, MessageKey> = {
  name: 'field.name',
  email: 'field.email',
  organization: 'field.organization',
  locale: 'field.locale',
  timezone: 'field.timezone',
  via: 'field.via',
};

export function pageMessage(t: Translate, status: number, code: string, errorId?: string): string {
  if (status >= 500) return t('error.SERVER', { id: errorId ?? '-' });
  const key = MESSAGE_OF_CODE[code] ?? MESSAGE_OF_STATUS[status] ?? 'error.BAD_REQUEST';
  return t(key);
}

/**
 * Errors of page routes become pages in the visitor's language, never JSON
 * and never internals. Statuses and codes come from the API's own filter, so
 * a duplicate is 409 here as there. A failed registration re-shows the form
 * with what was typed; a failed cancellation, the cancel answer.
 */
@Catch()
@Injectable()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('PageExceptionFilter');
  private readonly api = new HttpExceptionFilter();

  constructor(
    private readonly pages: PageRenderer,
    private readonly cancelPreview: CancelPreviewService,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    return this.render(exception, request, reply).catch(async (failure: unknown) => {
      // The error page itself failed (e.g. the database is down): a minimal page, still no internals.
      this.logger.error({ err: failure }, 'Rendering an error page failed');
      if (!reply.sent) {
        await reply
          .status(500)
          .type('text/html; charset=utf-8')
          .send('<!doctype html><html lang="en"><title>Error</title><h1>Error / エラー</h1></html>');
      }
    });
  }

  private async render(exception: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (reply.sent) return;
    const { payload, headers } = this.api.toBody(exception, request.id);
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    const { statusCode: status, code } = payload;
    const params = (request.params ?? {}) as Record<string, string>;
    const isRegister = request.method === 'POST' && typeof params.id === 'string' && request.url.includes('/register');

    if (isRegister && status < 500 && code !== 'EVENT_NOT_FOUND' && code !== 'PAGE_NOT_FOUND') {
      const ctx = this.pages.context(request, reply, `/events/${params.id}`);
      const form = readRegisterForm(request.body, ctx.locale);
      const fields: Partial<Record<FormField, string>> = {};
      if (exception instanceof ValidationFailedException) {
        for (const path of Object.keys(exception.fields)) {
          const field = formFieldOf(path);
          if (field) fields[field] = ctx.t(FIELD_MESSAGE[field]);
        }
      }
      return this.pages.event(request, reply, params.id, {
        form,
        status,
        problem: { message: pageMessage(ctx.t, status, code), fields },
      });
    }
    if (code === 'CANCEL_TOKEN_INVALID') return this.pages.cancelInvalid(request, reply);
    if (request.method === 'POST' && request.url.split('?')[0] === '/cancel' && status < 500) {
      // An expired form or a rate limit: ask again, with the reason.
      const token = (request.body as { token?: unknown } | undefined)?.token;
      const registration = await this.cancelPreview.find(token);
      if (!registration || typeof token !== 'string') return this.pages.cancelInvalid(request, reply);
      const ctx = this.pages.context(request, reply, '/');
      return this.pages.cancelAsk(request, reply, token, registration, {
        status,
        message: pageMessage(ctx.t, status, code),
      });
    }
    return this.pages.error(request, reply, status, (ctx) => pageMessage(ctx.t, status, code, payload.errorId));
  }
}
