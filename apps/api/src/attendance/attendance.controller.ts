import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import { AttendanceService } from './attendance.service';
import {
  AttendanceDto,
  AttendanceImportResultDto,
  FollowupSentDto,
  MarkAttendanceDto,
  SendFollowupDto,
} from './dto/attendance.dto';

@ApiTags('attendance')
@Controller('events/:id')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Patch('registrations/:registrationId')
  @Auth('admin', 'organizer')
  @ApiOperation({ summary: "Mark a registrant as attended or not (host's or co-host's organizers)" })
  @ApiOkResponse({ type: AttendanceDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  mark(
    @Param('id') id: string,
    @Param('registrationId', new ParseUUIDPipe()) registrationId: string,
    @Body() dto: MarkAttendanceDto,
    @CurrentCaller() caller: Caller,
  ): Promise<AttendanceDto> {
    return this.attendance.mark(id, registrationId, dto.attended, caller);
  }

  @Post('attendance')
  @HttpCode(200)
  @Auth('admin', 'organizer')
  @ApiOperation({
    summary: "Import attendance from a webinar tool's report",
    description:
      'A Zoom (participants or webinar attendee report: "Name (Original Name)", "User Email", "Join Time", ' +
      '"Leave Time", "Duration (Minutes)") or Microsoft Teams attendance report ("Name", "First Join", ' +
      '"Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role"; UTF-8 or UTF-16, ' +
      'comma- or tab-separated), as `text/csv`, or JSON `{"report": "<the file\'s text>"}` or ' +
      '`{"emails": [...]}`. Recognised by its column names; a 400 names the missing column. Confirmed ' +
      'registrants whose normalised address is listed are marked as attended; nobody is unmarked.',
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', description: 'The report file (text/csv)' },
        {
          type: 'object',
          properties: { report: { type: 'string' }, emails: { type: 'array', items: { type: 'string' } } },
        },
      ],
    },
  })
  @ApiOkResponse({ type: AttendanceImportResultDto })
  @ApiBadRequestResponse({
    description: 'Not a Zoom or Teams report, or its address column is missing (named)',
    type: ErrorBodyDto,
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  import(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<AttendanceImportResultDto> {
    return this.attendance.import(id, body, caller);
  }

  @Post('followup')
  @Auth('organizer')
  @ApiOperation({
    summary: 'Send the follow-up email after the event (once)',
    description:
      'One `event.followup` email per confirmed registrant: `attendeeText` to those marked as attended, ' +
      '`noShowText` to the others, each in the registrant language (ja/en), with the optional recording and ' +
      'survey links (https). The recording link is kept on the event; `publishRecording` shows it on the ' +
      'public event page.',
  })
  @ApiCreatedResponse({ type: FollowupSentDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({
    description: 'Already sent (FOLLOWUP_ALREADY_SENT), or the event is not published',
    type: ErrorBodyDto,
  })
  @ApiUnprocessableEntityResponse({ description: 'The event has not ended (EVENT_NOT_ENDED)', type: ErrorBodyDto })
  followup(
    @Param('id') id: string,
    @Body() dto: SendFollowupDto,
    @CurrentCaller() caller: Caller,
  ): Promise<FollowupSentDto> {
    return this.attendance.sendFollowup(id, dto, caller);
  }
}
