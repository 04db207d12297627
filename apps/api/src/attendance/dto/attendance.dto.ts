import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsUrl, MaxLength } from 'class-validator';
import { HasOneLanguage, IsLongText } from '../../events/dto/event-validators';
import { IsNestedObject, IsPlainText, MayBeOmitted } from '../../http/validators';

export class MarkAttendanceDto {
  @ApiProperty({ description: 'Whether the registrant attended (overrides what the join link or a report said)' })
  @IsBoolean()
  attended: boolean;
}

export class AttendanceDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  attended: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'First opening of the personal link in the join window',
  })
  joinedAt: string | null;
}

export class AttendanceImportResultDto {
  @ApiProperty({
    enum: ['zoom', 'teams', 'list'],
    description: 'The report format recognised (list: a JSON list of addresses)',
  })
  format: 'zoom' | 'teams' | 'list';

  @ApiProperty({ description: 'Data rows (or addresses) read' })
  rows: number;

  @ApiProperty({ description: 'Confirmed registrants marked as attended' })
  marked: number;

  @ApiProperty({ type: [String], description: 'Addresses of the report that match no confirmed registrant' })
  unmatched: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { line: { type: 'number' }, reason: { type: 'string' } } },
    description: 'Rows without a usable address (1-based line numbers)',
  })
  rejected: Array<{ line: number; reason: string }>;
}

const HTTPS = { protocols: ['https'], require_protocol: true, require_tld: false };
const HTTPS_MESSAGE = '$property must be an https URL';

export class FollowupTextDto {
  @ApiPropertyOptional({ example: 'Thank you for joining us.' })
  @MayBeOmitted()
  @IsLongText()
  @MaxLength(5000)
  en?: string;

  @ApiPropertyOptional({ example: 'ご参加ありがとうございました。' })
  @MayBeOmitted()
  @IsLongText()
  @MaxLength(5000)
  ja?: string;
}

export class SendFollowupDto {
  @ApiProperty({ type: FollowupTextDto, description: 'To registrants who attended (at least one language)' })
  @HasOneLanguage()
  @IsNestedObject(() => FollowupTextDto)
  attendeeText: FollowupTextDto;

  @ApiProperty({
    type: FollowupTextDto,
    description: 'To confirmed registrants who did not attend (at least one language)',
  })
  @HasOneLanguage()
  @IsNestedObject(() => FollowupTextDto)
  noShowText: FollowupTextDto;

  @ApiPropertyOptional({ example: 'https://video.example.org/rec/1', description: 'https only; kept on the event' })
  @MayBeOmitted()
  @IsPlainText({ max: 2000 })
  @IsUrl(HTTPS, { message: HTTPS_MESSAGE })
  recordingUrl?: string;

  @ApiPropertyOptional({ example: 'https://forms.example.org/s/1', description: 'https only' })
  @MayBeOmitted()
  @IsPlainText({ max: 2000 })
  @IsUrl(HTTPS, { message: HTTPS_MESSAGE })
  surveyUrl?: string;

  @ApiPropertyOptional({ default: false, description: 'Show the recording link on the public event page too' })
  @MayBeOmitted()
  @IsBoolean()
  publishRecording?: boolean;
}

export class FollowupSentDto {
  @ApiProperty({ description: 'Follow-ups queued to registrants who attended' })
  attendees: number;

  @ApiProperty({ description: 'Follow-ups queued to confirmed registrants who did not attend' })
  noShows: number;
}
