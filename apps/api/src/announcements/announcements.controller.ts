import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import { AnnouncementsService } from './announcements.service';
import { AnnouncementDto, AnnouncementPreviewDto, CreateAnnouncementDto } from './dto/announcement.dto';

@ApiTags('announcements')
@Controller('events/:id/announcements')
export class AnnouncementsController {
  constructor(private readonly announcements: AnnouncementsService) {}

  @Post()
  @Auth('organizer')
  @ApiOperation({
    summary: 'Email an announcement to registrants (host or accepted co-host)',
    description:
      'One `event.announcement` email per registrant of `audience`, in their language, with the event times in ' +
      "their zone and the host's, and one-click unsubscribe (unsubscribed or bounced addresses are skipped). " +
      "The host's organizers reach every such registrant; an accepted co-host only those who consented to share " +
      'with co-hosts. Send an `Idempotency-Key` header (e.g. a UUID) to make a retry safe: the same key for the ' +
      'same event answers 200 with the first announcement and sends nothing again.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8 to 100 characters: letters, digits, - or _' })
  @ApiCreatedResponse({ type: AnnouncementDto })
  @ApiOkResponse({
    type: AnnouncementDto,
    description: 'Repeated Idempotency-Key: the first announcement, not sent again',
  })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Invalid field (named in `fields`)' })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The event is not published' })
  async send(
    @Param('id') id: string,
    @Body() dto: CreateAnnouncementDto,
    @CurrentCaller() caller: Caller,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AnnouncementDto> {
    const { announcement, repeated } = await this.announcements.send(id, dto, caller, idempotencyKey);
    reply.status(repeated ? 200 : 201);
    return announcement;
  }

  @Post('preview')
  @HttpCode(200)
  @Auth('organizer')
  @ApiOperation({
    summary: 'Preview an announcement in Japanese and English as a recipient would get it (nothing is sent)',
    description:
      'Rendered by the mail renderer for the first registrant of the audience writing in each language (a sample ' +
      'registrant in the event zone when there is none); personal links carry a placeholder token.',
  })
  @ApiOkResponse({ type: AnnouncementPreviewDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  preview(
    @Param('id') id: string,
    @Body() dto: CreateAnnouncementDto,
    @CurrentCaller() caller: Caller,
  ): Promise<AnnouncementPreviewDto> {
    return this.announcements.preview(id, dto, caller);
  }

  @Get()
  @Auth('admin', 'organizer')
  @ApiOperation({
    summary: "The event's announcements (the newest 100), newest first, with their emails' delivery counts",
  })
  @ApiOkResponse({ type: [AnnouncementDto] })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  list(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<AnnouncementDto[]> {
    return this.announcements.list(id, caller);
  }
}
