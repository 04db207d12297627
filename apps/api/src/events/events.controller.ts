import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import { Caller, OrganizerCaller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import { CohostsService } from './cohosts.service';
import { CancelEventDto, CreateEventDto, InviteCohostDto, UpdateEventDto } from './dto/event-input.dto';
import { EventListResponseDto, EventResponseDto } from './dto/event-response.dto';
import { EventLanguageQuery, ListEventsQuery } from './dto/list-events.query';
import { EventListingService } from './event-listing.service';
import { EventPresenter } from './event.presenter';
import { EventsService } from './events.service';
import { requestLanguage } from './request-language';

const ACCEPT_LANGUAGE = {
  name: 'Accept-Language',
  required: false,
  description: 'Language of calendar link titles (ja or en)',
};

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly cohosts: CohostsService,
    private readonly listing: EventListingService,
    private readonly presenter: EventPresenter,
  ) {}

  @Post()
  @Auth('organizer')
  @ApiOperation({ summary: "Create a draft event hosted by the organizer's partner" })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiCreatedResponse({ type: EventResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, times, reminders or registration window', type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Slug taken', type: ErrorBodyDto })
  async create(
    @CurrentCaller() caller: OrganizerCaller,
    @Body() dto: CreateEventDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventResponseDto> {
    const event = await this.events.create(caller, dto);
    return this.presenter.present(event, caller, requestLanguage(undefined, acceptLanguage));
  }

  @Get()
  @ApiOperation({
    summary: 'Published public events, by start (public)',
    description:
      'Filters: `from` (not over at), `to` (starting before), `partner` (host or accepted co-host), `q` (either title). ' +
      'Pagination: `limit` (1-100, default 20) with `cursor` (the previous `nextCursor`) or `page` (1-based). Never `joinUrl`.',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiOkResponse({ type: EventListResponseDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  async list(
    @Query() query: ListEventsQuery,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventListResponseDto> {
    const page = await this.listing.list(query);
    const language = requestLanguage(query.lang, acceptLanguage);
    return {
      // The public listing never shows organizer fields, whoever asks.
      items: page.events.map((event) => this.presenter.present(event, undefined, language)),
      total: page.total,
      limit: page.limit,
      page: page.page,
      nextCursor: page.nextCursor,
    };
  }

  @Get(':idOrSlug')
  @ApiOperation({
    summary: 'One event by id or slug',
    description:
      'Published events for everyone; drafts for their host and invited partners only. `joinUrl` for organizers of the event and the admin.',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiOkResponse({ type: EventResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async get(
    @Param('idOrSlug') idOrSlug: string,
    @Query() query: EventLanguageQuery,
    @CurrentCaller() caller: Caller | undefined,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventResponseDto> {
    const event = await this.events.get(idOrSlug, caller);
    return this.presenter.present(event, caller, requestLanguage(query.lang, acceptLanguage));
  }

  @Patch(':id')
  @Auth('admin', 'organizer')
  @ApiOperation({
    summary: 'Edit an event (host or accepted co-host)',
    description:
      'A change of time, join link or title of a published event raises `sequence` and notifies confirmed registrants.',
  })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Cancelled event, or capacity below the confirmed count', type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({
    description: "A co-host's agreement would not cover the new time",
    type: ErrorBodyDto,
  })
  async update(
    @Param('id') id: string,
    @Body() dto: UpdateEventDto,
    @CurrentCaller() caller: Caller,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventResponseDto> {
    const event = await this.events.update(id, caller, dto);
    return this.presenter.present(event, caller, requestLanguage(undefined, acceptLanguage));
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Auth('admin', 'organizer')
  @ApiOperation({ summary: 'Publish a draft (host or accepted co-host)' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Already published, or cancelled', type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({
    description: "A co-host's agreement does not cover the event, or it has started",
    type: ErrorBodyDto,
  })
  async publish(
    @Param('id') id: string,
    @CurrentCaller() caller: Caller,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventResponseDto> {
    const event = await this.events.publish(id, caller);
    return this.presenter.present(event, caller, requestLanguage(undefined, acceptLanguage));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth('admin', 'organizer')
  @ApiOperation({
    summary: 'Cancel an event for good (host or accepted co-host); registrants are told',
    description:
      'Confirmed registrants get a CANCEL calendar email, waitlisted ones a plain email; waitlisted registrations ' +
      "become cancelled (cancelled_by 'event'), confirmed ones stay confirmed.",
  })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Already cancelled', type: ErrorBodyDto })
  async cancel(
    @Param('id') id: string,
    @Body() dto: CancelEventDto,
    @CurrentCaller() caller: Caller,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventResponseDto> {
    const event = await this.events.cancel(id, caller, dto?.reason);
    return this.presenter.present(event, caller, requestLanguage(undefined, acceptLanguage));
  }

  @Post(':id/cohosts')
  @Auth('admin', 'organizer')
  @ApiOperation({
    summary: 'Invite a partner to co-host (host only)',
    description:
      "Needs an agreement between host and partner active over the whole event, on both partners' calendars.",
  })
  @ApiCreatedResponse({ type: EventResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Already invited or co-hosting; event cancelled', type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({
    description: 'Unknown partner, or no agreement covering the event',
    type: ErrorBodyDto,
  })
  async invite(
    @Param('id') id: string,
    @Body() dto: InviteCohostDto,
    @CurrentCaller() caller: Caller,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventResponseDto> {
    const event = await this.cohosts.invite(id, caller, dto.partner);
    return this.presenter.present(event, caller, requestLanguage(undefined, acceptLanguage));
  }

  @Post(':id/cohosts/:slug/accept')
  @HttpCode(200)
  @Auth('admin', 'organizer')
  @ApiOperation({ summary: 'Accept an invitation to co-host (organizer of the invited partner)' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Event cancelled', type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({ description: 'No agreement covers the event any more', type: ErrorBodyDto })
  async accept(
    @Param('id') id: string,
    @Param('slug') slug: string,
    @CurrentCaller() caller: Caller,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventResponseDto> {
    const event = await this.cohosts.accept(id, caller, slug);
    return this.presenter.present(event, caller, requestLanguage(undefined, acceptLanguage));
  }

  @Post(':id/cohosts/:slug/decline')
  @HttpCode(200)
  @Auth('admin', 'organizer')
  @ApiOperation({ summary: 'Decline an invitation to co-host (organizer of the invited partner)' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Event cancelled', type: ErrorBodyDto })
  async decline(
    @Param('id') id: string,
    @Param('slug') slug: string,
    @CurrentCaller() caller: Caller,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventResponseDto> {
    const event = await this.cohosts.decline(id, caller, slug);
    return this.presenter.present(event, caller, requestLanguage(undefined, acceptLanguage));
  }

  @Delete(':id/cohosts/:slug')
  @Auth('admin', 'organizer')
  @ApiOperation({ summary: 'Remove a co-host or withdraw an invitation (host only)' })
  @ApiOkResponse({ type: EventResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Event cancelled', type: ErrorBodyDto })
  async removeCohost(
    @Param('id') id: string,
    @Param('slug') slug: string,
    @CurrentCaller() caller: Caller,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<EventResponseDto> {
    const event = await this.cohosts.remove(id, caller, slug);
    return this.presenter.present(event, caller, requestLanguage(undefined, acceptLanguage));
  }
}
