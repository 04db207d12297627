import { LANG_COOKIE, publicLanguage } from '@cohost/domain';
import { Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import { CalendarFeedsService, CalendarFile } from './calendar-feeds.service';
import { EventLanguageQuery } from './dto/list-events.query';
import type { Language } from './request-language';

const ACCEPT_LANGUAGE = {
  name: 'Accept-Language',
  required: false,
  description: "Title language when neither `lang` nor the pages' `lang` cookie says; without any, Japanese",
};

/**
 * The feed language as the public pages choose theirs: `?lang=` (which every
 * feed link on the pages carries, since calendar services send neither
 * cookies nor Accept-Language), then the pages' `lang` cookie, then
 * Accept-Language, else Japanese.
 */
function feedLanguage(lang: string | undefined, request: FastifyRequest): Language {
  return publicLanguage({
    query: lang,
    cookie: request.cookies?.[LANG_COOKIE],
    acceptLanguage: request.headers['accept-language'],
  }).locale;
}
const ICS_RESPONSE = {
  status: 200,
  description: 'RFC 5545 calendar, METHOD:PUBLISH, UTC times, no join link',
  content: { 'text/calendar': { schema: { type: 'string' as const } } },
};

function send(reply: FastifyReply, file: CalendarFile, ifNoneMatch: string | undefined): string {
  void reply
    .header('Content-Type', 'text/calendar; charset=utf-8')
    .header('Content-Disposition', `inline; filename="${file.filename}"`)
    .header('Cache-Control', 'public, max-age=300')
    .header('Vary', 'Accept-Language, Cookie')
    .header('ETag', file.etag);
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === file.etag)) {
    void reply.status(304);
    return '';
  }
  return file.body;
}

@ApiTags('calendars')
@Controller('events')
export class EventCalendarController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Get(':id/calendar.ics')
  @ApiOperation({ summary: 'Calendar file of one published event (public; METHOD:PUBLISH)' })
  @ApiProduces('text/calendar')
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiResponse(ICS_RESPONSE)
  @ApiNotFoundResponse({ description: 'Unknown event, or a draft', type: ErrorBodyDto })
  async event(
    @Param('id') id: string,
    @Query() query: EventLanguageQuery,
    @CurrentCaller() caller: Caller | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-none-match') ifNoneMatch?: string,
  ): Promise<string> {
    const file = await this.feeds.forEvent(id, caller, feedLanguage(query.lang, request));
    return send(reply, file, ifNoneMatch);
  }
}

@ApiTags('calendars')
@Controller('partners')
export class PartnerCalendarController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Get(':slug/calendar.ics')
  @ApiOperation({
    summary: 'Calendar feed of the public events a partner hosts or co-hosts (public; METHOD:PUBLISH)',
    description: 'Upcoming events and those of the last 180 days; cancelled ones stay with STATUS:CANCELLED.',
  })
  @ApiProduces('text/calendar')
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiResponse(ICS_RESPONSE)
  @ApiNotFoundResponse({ description: 'Unknown partner', type: ErrorBodyDto })
  async partner(
    @Param('slug') slug: string,
    @Query() query: EventLanguageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-none-match') ifNoneMatch?: string,
  ): Promise<string> {
    const file = await this.feeds.forPartner(slug, feedLanguage(query.lang, request));
    return send(reply, file, ifNoneMatch);
  }
}
