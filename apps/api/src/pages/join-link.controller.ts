import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { joinWindowOpensAt } from '@cohost/domain';
import { JoinLinkService } from '../attendance/join-link.service';
import { RateLimit } from '../throttling/rate-limit.guard';
import { PageContext, PageContextFactory } from './page-context';
import { PageExceptionFilter } from './page-exception.filter';
import { formatInstant } from './page-format';
import { pageTimeZone } from './page-locale';
import { sendPage, type PageView } from './page-reply';
import { eventView } from './page-views';
import { PagesDataService } from './pages-data.service';
import { PAGE_PATHS } from './pages.setup';

/**
 * A registrant's personal join link (`/j/<token>`, in their emails and
 * calendar files instead of the meeting URL). During the join window it
 * redirects (303) to the event's current `joinUrl`, which so appears in no
 * email, job or page; otherwise it shows where things stand. Limited per IP.
 */
@ApiExcludeController()
@Controller()
@UseFilters(PageExceptionFilter)
export class JoinLinkController {
  constructor(
    private readonly joinLinks: JoinLinkService,
    private readonly contexts: PageContextFactory,
    private readonly data: PagesDataService,
  ) {}

  @Get(PAGE_PATHS.join)
  @RateLimit('join-page')
  async open(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const ctx = this.contexts.create(request, reply);
    const opened = await this.joinLinks.open(token);
    if (!opened) {
      const view: PageView = {
        template: 'join.eta',
        status: 404,
        data: { title: ctx.t('join.invalidTitle'), mode: 'invalid' },
      };
      return sendPage(reply, ctx, view);
    }
    const { state, event, registration } = opened;
    if (state === 'open') {
      await reply.status(303).header('cache-control', 'no-store').header('location', event.joinUrl).send();
      return;
    }
    const timeZone = ctx.timeZone ?? pageTimeZone(registration.timezone) ?? registration.timezone;
    const input = await this.data.eventById(event.id, ctx.locale);
    const summary = input ? eventView(input, { ...ctx, timeZone, now: new Date() }) : undefined;
    const titles = {
      before: 'join.beforeTitle',
      ended: 'join.endedTitle',
      cancelled: 'join.cancelledTitle',
      waitlisted: 'join.waitlistedTitle',
      event_cancelled: 'join.eventCancelledTitle',
    } as const;
    await sendPage(reply, ctx, {
      template: 'join.eta',
      status: 200,
      data: {
        title: ctx.t(titles[state]),
        mode: state,
        event: summary,
        opens: state === 'before' ? this.opens(ctx, joinWindowOpensAt(event), timeZone) : undefined,
        recordingUrl: state === 'ended' ? event.recordingUrl : null,
      },
    });
  }

  private opens(ctx: PageContext, at: Date, timeZone: string): { iso: string; text: string } {
    return { iso: at.toISOString(), text: formatInstant(at, ctx.locale, timeZone) };
  }
}
