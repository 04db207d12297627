import { Body, Controller, Get, Headers, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '@cohost/domain';
import { PageCache } from './cache/page-cache';
import { CsrfService } from './csrf.service';
import { PageContext, PageContextFactory } from './page-context';
import { PageExceptionFilter } from './page-exception.filter';
import { requireSlug } from './page-params';
import { formProblem } from './page-problems';
import { PageRenderer } from './page-renderer.service';
import { renderPage, sendHtml, sendPage, type PageView } from './page-reply';
import { PagesDataService } from './pages-data.service';
import { PAGE_PATHS } from './pages.setup';
import { readRegisterForm } from './register-form';
import { CancelPreviewService } from '../registrations/cancel-preview.service';
import { CountRegistrations } from '../operations/registration-outcome.interceptor';
import { RateLimit } from '../throttling/rate-limit.guard';

const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

/** A cancel token as the emails carry it (base64url); anything else is not echoed back into a form. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * The public HTML pages: translate HTTP to page renders. Registering and
 * cancelling go to the registrations module's services, the same ones the
 * JSON API uses. Each form post handles its own form errors (re-shows the
 * form with the problem); anything else becomes an error page in
 * `PageExceptionFilter`.
 */
@ApiExcludeController()
@Controller()
@UseFilters(PageExceptionFilter)
export class PagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly contexts: PageContextFactory,
    private readonly data: PagesDataService,
    private readonly csrf: CsrfService,
    private readonly cancelPreview: CancelPreviewService,
    private readonly cache: PageCache,
  ) {}

  /**
   * The listing is the same for every visitor of one language, zone and URL
   * (the language links repeat the query): rendered once per page stamp and
   * seats lag (PageCache); cookies and headers are still set per request.
   */
  @Get(PAGE_PATHS.index)
  async index(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const ctx = this.contexts.create(request, reply);
    const version = await this.cache.stamp();
    const key = `index|${ctx.locale}|${ctx.timeZone ?? ''}|${request.url}`;
    const html = await this.cache.get(key, version, async () => renderPage(reply, ctx, await this.pages.index(ctx)));
    await sendHtml(reply, 200, html);
  }

  @Get(PAGE_PATHS.event)
  async event(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    requireSlug(slug);
    const ctx = this.contexts.create(request, reply);
    const version = await this.cache.stamp();
    const csrf = this.csrf.issue(request, reply);
    const view = await this.pages.event(ctx, slug, { query: queryOf(request), csrf, version });
    await this.sendEventPage(reply, ctx, slug, view, version);
  }

  /**
   * The event page: its article (title, time in the page's zone, hosts, seats,
   * description) rendered once per language and zone (PageCache), the form
   * with this visitor's CSRF token and values around it every time.
   */
  private async sendEventPage(
    reply: FastifyReply,
    ctx: PageContext,
    slug: string,
    view: PageView,
    version: string,
  ): Promise<void> {
    const articleHtml = await this.cache.get(`article|${slug}|${ctx.locale}|${ctx.timeZone ?? ''}`, version, () =>
      reply.viewAsync('partials/event-article.eta', { t: ctx.t, event: view.data.event }),
    );
    await sendPage(reply, ctx, { ...view, data: { ...view.data, articleHtml } });
  }

  @Post(PAGE_PATHS.register)
  @RateLimit('register')
  @CountRegistrations()
  async register(
    @Param('id') slug: string,
    @Body() body: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<{ status: string; code?: string }> {
    requireSlug(slug);
    // The language switch of a result leads to the event page, not back to the post.
    const ctx = this.contexts.create(request, reply, { path: `/events/${slug}`, keepQuery: false });
    const form = readRegisterForm(body, 'en');
    let created: Awaited<ReturnType<PagesDataService['register']>>;
    try {
      this.csrf.verify(request, (body as { _csrf?: unknown } | undefined)?._csrf);
      try {
        created = await this.data.register(slug, form, acceptLanguage);
      } finally {
        this.cache.forgetSeats(slug);
      }
    } catch (error) {
      const failed = formProblem(error, ctx.t);
      if (!failed) throw error;
      // Re-show the form with what was typed (the language field falls back to the page's).
      const shown = { ...readRegisterForm(body, ctx.locale), timezoneDetect: false };
      const version = await this.cache.stamp();
      const view = await this.pages.event(ctx, slug, {
        query: {},
        csrf: this.csrf.issue(request, reply),
        failed: { ...failed, form: shown },
        version,
      });
      await this.sendEventPage(reply, ctx, slug, view, version);
      return { status: 'refused', code: failed.problem.code };
    }
    await sendPage(reply, ctx, await this.pages.result(ctx, slug, { ...created, email: form.email.trim() }));
    return created; // for @CountRegistrations() (the reply is already sent)
  }

  @Get(PAGE_PATHS.partner)
  async partner(
    @Param('partnerSlug') slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    requireSlug(slug);
    const ctx = this.contexts.create(request, reply);
    await sendPage(reply, ctx, await this.pages.partner(ctx, slug));
  }

  /** Shows what the link would cancel and asks; never cancels (mail scanners open links). Limited per IP. */
  @Get(PAGE_PATHS.cancel)
  @RateLimit('cancel-page')
  async cancelPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const ctx = this.contexts.create(request, reply);
    const token = queryOf(request).token;
    const registration = await this.cancelPreview.find(token);
    if (!registration || typeof token !== 'string') return sendPage(reply, ctx, this.pages.cancelInvalid(ctx));
    const csrf = this.csrf.issue(request, reply);
    await sendPage(reply, ctx, await this.pages.cancelAsk(ctx, { token, csrf, registration }));
  }

  @Post(PAGE_PATHS.cancel)
  @RateLimit('cancel')
  async cancel(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const ctx = this.contexts.create(request, reply, { path: '/', keepQuery: false });
    const posted = (body ?? {}) as { _csrf?: unknown; token?: unknown };
    const token = typeof posted.token === 'string' && TOKEN_SHAPE.test(posted.token) ? posted.token : undefined;
    try {
      this.csrf.verify(request, posted._csrf);
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      return this.askAgain(request, reply, ctx, token, error);
    }
    const registration = await this.cancelPreview.find(token);
    if (!registration || !token) return sendPage(reply, ctx, this.pages.cancelInvalid(ctx));
    try {
      await this.data.cancel(token);
    } catch (error) {
      // Used up between the look-up and the cancellation (a double click): the same answer as a used link.
      if (error instanceof NotFoundError && error.code === 'CANCEL_TOKEN_INVALID') {
        return sendPage(reply, ctx, this.pages.cancelInvalid(ctx));
      }
      throw error;
    }
    await sendPage(reply, ctx, await this.pages.cancelDone(ctx, registration));
  }

  /**
   * A refused cancellation (the form expired) asks again with the token the
   * visitor posted, and looks nothing up: whoever posted may not hold the
   * link, so nothing of the registration is read or shown.
   */
  private async askAgain(
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    token: string | undefined,
    error: ForbiddenError,
  ): Promise<void> {
    const failed = formProblem(error, ctx.t)!;
    if (!token) return sendPage(reply, ctx, this.pages.cancelInvalid(ctx));
    const csrf = this.csrf.issue(request, reply);
    const problem = { status: failed.status, message: failed.problem.message };
    await sendPage(reply, ctx, await this.pages.cancelAsk(ctx, { token, csrf, problem }));
  }
}
