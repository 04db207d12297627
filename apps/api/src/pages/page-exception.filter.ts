import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toBody } from '../http/exception.filter';
import { PageContextFactory } from './page-context';
import { pageMessage } from './page-problems';
import { PageRenderer } from './page-renderer.service';
import { sendPage } from './page-reply';
import { renderErrorPageOrFallback } from '../http/html-error-fallback';

/**
 * Errors of page routes become error pages in the visitor's language, never
 * JSON and never internals: an unknown page, a rate limit (with
 * `Retry-After`), an outage. Statuses and codes come from the API's own
 * `toBody`, so a 404 or a 429 is the same here as there. Form errors never
 * get here: the form posts re-show their forms themselves.
 */
@Catch()
@Injectable()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('PageExceptionFilter');

  constructor(
    private readonly pages: PageRenderer,
    private readonly contexts: PageContextFactory,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    return renderErrorPageOrFallback(reply, this.logger, () => this.render(exception, request, reply));
  }

  private async render(exception: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (reply.sent) return;
    const { payload, headers } = toBody(exception, request.id);
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    const { statusCode: status, code, errorId } = payload;
    // The language switch of an error page leads home: the failed URL may carry a token.
    const ctx = this.contexts.create(request, reply, { path: '/', keepQuery: false });
    await sendPage(reply, ctx, this.pages.error(ctx, status, pageMessage(ctx.t, status, code, errorId)));
  }
}
