import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '@cohost/domain';
import { CsrfService } from './csrf.service';
import { PageExceptionFilter } from './page-exception.filter';
import { PageRenderer } from './page-renderer.service';
import { PagesDataService } from './pages-data.service';
import { PAGE_PATHS } from './pages.setup';
import { readRegisterForm } from './register-form';
import { CancelPreviewService } from '../registrations/cancel-preview.service';
import { CountRegistrations } from '../operations/registration-outcome.interceptor';
import { RateLimit } from '../throttling/rate-limit.guard';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function requireSlug(slug: string): string {
  if (!SLUG.test(slug) || slug.length > 100) throw new NotFoundError('PAGE_NOT_FOUND', 'No such page');
  return slug;
}

/**
 * The public HTML pages: translate HTTP to page renders only. Registering
 * and cancelling go to the registrations module's services, the same ones
 * the JSON API uses; errors become pages in `PageExceptionFilter`.
 */
@ApiExcludeController()
@Controller()
@UseFilters(PageExceptionFilter)
export class PagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly data: PagesDataService,
    private readonly csrf: CsrfService,
    private readonly cancelPreview: CancelPreviewService,
  ) {}

  @Get(PAGE_PATHS.index)
  index(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.pages.index(request, reply);
  }

  @Get(PAGE_PATHS.event)
  event(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.pages.event(request, reply, requireSlug(slug));
  }

  @Post(PAGE_PATHS.register)
  @RateLimit('register')
  @CountRegistrations()
  @HttpCode(201)
  async register(
    @Param('id') slug: string,
    @Body() body: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<{ status: string }> {
    requireSlug(slug);
    this.csrf.verify(request, (body as { _csrf?: unknown } | undefined)?._csrf);
    const form = readRegisterForm(body, 'en');
    const created = await this.data.register(slug, form, acceptLanguage);
    await this.pages.result(request, reply, slug, { ...created, email: form.email.trim() });
    return created; // for @CountRegistrations() (the reply is already sent)
  }

  @Get(PAGE_PATHS.partner)
  partner(
    @Param('partnerSlug') slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.pages.partner(request, reply, requireSlug(slug));
  }

  /** Shows what the link would cancel and asks; never cancels (mail scanners open links). */
  @Get(PAGE_PATHS.cancel)
  async cancelPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    const registration = await this.cancelPreview.find(token);
    if (!registration || typeof token !== 'string') return this.pages.cancelInvalid(request, reply);
    return this.pages.cancelAsk(request, reply, token, registration);
  }

  @Post(PAGE_PATHS.cancel)
  @RateLimit('cancel')
  async cancel(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const posted = (body ?? {}) as { _csrf?: unknown; token?: unknown };
    this.csrf.verify(request, posted._csrf);
    const registration = await this.cancelPreview.find(posted.token);
    if (!registration || typeof posted.token !== 'string') return this.pages.cancelInvalid(request, reply);
    await this.data.cancel(posted.token);
    await this.pages.cancelDone(request, reply, registration);
  }
}
