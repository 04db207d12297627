import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import { CountRegistrations } from '../operations/registration-outcome.interceptor';
import { RateLimit } from '../throttling/rate-limit.guard';
import { RegistrationCancelledDto } from './dto/cancel.dto';
import { RegisterDto, RegistrationCreatedDto } from './dto/register.dto';
import { ListRegistrationsQueryDto, RegistrationListDto } from './dto/registration-list.dto';
import { RegistrationCancellationService } from './registration-cancellation.service';
import { RegistrationViewsService } from './registration-views.service';
import { RegistrationsService } from './registrations.service';

@ApiTags('registrations')
@Controller('events/:id/registrations')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly views: RegistrationViewsService,
    private readonly cancellation: RegistrationCancellationService,
  ) {}

  @Post()
  @RateLimit('register')
  @CountRegistrations()
  @ApiOperation({
    summary: 'Register for a published event (public)',
    description:
      'Confirmed while seats remain, then waitlisted (FIFO) when the event has a waitlist, else 422. ' +
      'Invite-only events need the invitationCode from the invitation email (403 without a valid one).',
  })
  @ApiCreatedResponse({ type: RegistrationCreatedDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiForbiddenResponse({ description: 'Invite-only event without a valid code for this address', type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({
    description: 'Already registered (REGISTRATION_EXISTS), draft or cancelled event, invitation used',
    type: ErrorBodyDto,
  })
  @ApiUnprocessableEntityResponse({
    description: 'Full without waitlist, window not open or closed, event already started',
    type: ErrorBodyDto,
  })
  register(
    @Param('id') id: string,
    @Body() dto: RegisterDto,
    @CurrentCaller() caller: Caller | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<RegistrationCreatedDto> {
    return this.registrations.register(id, dto, caller, acceptLanguage);
  }

  @Get()
  @Auth('admin', 'organizer')
  @ApiOperation({
    summary: "An event's registrations (host or accepted co-host)",
    description:
      "JSON (paginated) or, with `Accept: text/csv`, a CSV of every row (UTF-8 with BOM). The host's " +
      'organizers see everyone; co-hosts only registrants who consented to share, plus totals. ' +
      '`status`, `via` and `q` filter both.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RegistrationListDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async list(
    @Param('id') id: string,
    @Query() query: ListRegistrationsQueryDto,
    @CurrentCaller() caller: Caller,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationListDto | string> {
    if (accept && /\btext\/csv\b/i.test(accept)) {
      const csv = await this.views.csv(id, caller, query);
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="registrations.csv"`);
      return csv;
    }
    return this.views.list(id, caller, query);
  }

  @Post(':registrationId/cancel')
  @HttpCode(200)
  @Auth('organizer')
  @ApiOperation({
    summary: 'Cancel a registration as an organizer (host or accepted co-host)',
    description: 'A freed seat promotes the earliest waitlisted registrant; the registrant is notified.',
  })
  @ApiOkResponse({ type: RegistrationCancelledDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Already cancelled', type: ErrorBodyDto })
  cancel(
    @Param('id') id: string,
    @Param('registrationId', new ParseUUIDPipe()) registrationId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<RegistrationCancelledDto> {
    return this.cancellation.cancelByOrganizer(id, registrationId, caller);
  }
}
