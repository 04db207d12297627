import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import type { OrganizerCaller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import { InvitationRoundDto, InviteDto } from './dto/invite.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@Controller('events/:id/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @HttpCode(202)
  @Auth('organizer')
  @ApiOperation({
    summary: 'Invite addresses to an event (host or accepted co-host)',
    description:
      'Each address gets an invitation email with a single-use code bound to it (sent by the worker). ' +
      'Inviting an address again sends a new email whose code replaces the old one.',
  })
  @ApiAcceptedResponse({ type: InvitationRoundDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Draft or cancelled event', type: ErrorBodyDto })
  invite(
    @Param('id') id: string,
    @Body() dto: InviteDto,
    @CurrentCaller() caller: OrganizerCaller,
  ): Promise<InvitationRoundDto> {
    return this.invitations.invite(id, dto.emails, caller);
  }
}
