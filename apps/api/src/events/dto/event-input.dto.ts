import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsEventSlug, IsIanaTimeZone, IsNestedObject, IsPlainText, IsSlug, MayBeOmitted } from '../../http/validators';
import { HasOneLanguage, IsLongText, IsOffsetDateTime, IsReminderDuration, IsTitleText } from './event-validators';

export type EventVisibilityValue = 'public' | 'invite_only';

export class EventTitleDto {
  @ApiPropertyOptional({ example: 'Danish-Japanese Life Science Symposium' })
  @MayBeOmitted()
  @IsTitleText()
  en?: string;

  @ApiPropertyOptional({ example: '日デンマーク・ライフサイエンス・シンポジウム' })
  @MayBeOmitted()
  @IsTitleText()
  ja?: string;
}

export class EventDescriptionDto {
  @ApiPropertyOptional({ example: 'Talks and a panel on cell therapy.' })
  @MayBeOmitted()
  @IsLongText()
  en?: string;

  @ApiPropertyOptional({ example: '細胞治療に関する講演とパネル討論。' })
  @MayBeOmitted()
  @IsLongText()
  ja?: string;
}

/** In a PATCH: a string sets the language, null removes it, absent leaves it. */
export class EventTitlePatchDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsTitleText()
  en?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsTitleText()
  ja?: string | null;
}

export class EventDescriptionPatchDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsLongText()
  en?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsLongText()
  ja?: string | null;
}

const JOIN_URL = { protocols: ['https'], require_protocol: true, require_tld: false, require_host: true };
const JOIN_URL_MESSAGE = '$property must be an https:// URL';

export class CreateEventDto {
  @ApiProperty({ type: EventTitleDto, description: 'At least one language' })
  @HasOneLanguage()
  @IsNestedObject(() => EventTitleDto)
  title: EventTitleDto;

  @ApiPropertyOptional({ type: EventDescriptionDto })
  @MayBeOmitted()
  @IsNestedObject(() => EventDescriptionDto)
  description?: EventDescriptionDto;

  @ApiPropertyOptional({
    example: 'dk-jp-symposium-2026',
    description: 'Readable unique slug; made from the title when absent; never shaped like an event id (a UUID)',
  })
  @MayBeOmitted()
  @IsEventSlug()
  slug?: string;

  @ApiProperty({ example: '2026-05-20T18:00:00+09:00', description: 'ISO 8601 with offset; stored as UTC' })
  @IsOffsetDateTime()
  startsAt: string;

  @ApiProperty({ example: '2026-05-20T20:00:00+09:00', description: 'After startsAt' })
  @IsOffsetDateTime()
  endsAt: string;

  @ApiProperty({ example: 'Asia/Tokyo', description: 'IANA zone the event is shown in' })
  @IsIanaTimeZone()
  timezone: string;

  @ApiProperty({
    example: 'https://zoom.us/j/123456789',
    description: 'https only; shown to organizers and confirmed registrants only',
  })
  @IsPlainText({ max: 2000 })
  @IsUrl(JOIN_URL, { message: JOIN_URL_MESSAGE })
  joinUrl: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 200,
    description: 'Positive; null or absent = unlimited',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity?: number | null;

  @ApiPropertyOptional({ default: false, description: 'When full, register onto a waitlist instead of refusing' })
  @MayBeOmitted()
  @IsBoolean()
  waitlist?: boolean;

  @ApiPropertyOptional({ enum: ['public', 'invite_only'], default: 'public' })
  @MayBeOmitted()
  @IsIn(['public', 'invite_only'], { message: '$property must be public or invite_only' })
  visibility?: EventVisibilityValue;

  @ApiPropertyOptional({
    type: [String],
    example: ['P1D', 'PT1H'],
    default: ['P1D', 'PT1H'],
    description: 'ISO 8601 durations before the start (1 minute to 30 days, at most 5)',
  })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(5)
  @IsReminderDuration({ each: true })
  reminders?: string[];

  @ApiPropertyOptional({
    default: 15,
    minimum: 0,
    maximum: 1440,
    description: 'Minutes before the start from which the personal join links (`/j/<token>`) lead to the meeting',
  })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(1440)
  joinWindowMinutes?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-04-20T09:00:00+09:00',
    description: 'Absent or null: open from publication',
  })
  @IsOptional()
  @IsOffsetDateTime()
  registrationOpensAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-05-20T12:00:00+09:00',
    description: 'Absent or null: closes at startsAt (and follows it)',
  })
  @IsOptional()
  @IsOffsetDateTime()
  registrationClosesAt?: string | null;
}

/** Every field optional; null clears the nullable ones. */
export class UpdateEventDto {
  @ApiPropertyOptional({ type: EventTitlePatchDto, description: 'Merged per language; null removes a language' })
  @MayBeOmitted()
  @IsNestedObject(() => EventTitlePatchDto)
  title?: EventTitlePatchDto;

  @ApiPropertyOptional({ type: EventDescriptionPatchDto, description: 'Merged per language; null removes a language' })
  @MayBeOmitted()
  @IsNestedObject(() => EventDescriptionPatchDto)
  description?: EventDescriptionPatchDto;

  @ApiPropertyOptional({ example: '2026-05-21T18:00:00+09:00' })
  @MayBeOmitted()
  @IsOffsetDateTime()
  startsAt?: string;

  @ApiPropertyOptional({ example: '2026-05-21T20:00:00+09:00' })
  @MayBeOmitted()
  @IsOffsetDateTime()
  endsAt?: string;

  @ApiPropertyOptional({ example: 'Europe/Copenhagen' })
  @MayBeOmitted()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ example: 'https://zoom.us/j/987654321' })
  @MayBeOmitted()
  @IsPlainText({ max: 2000 })
  @IsUrl(JOIN_URL, { message: JOIN_URL_MESSAGE })
  joinUrl?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'null = unlimited; not below the confirmed count' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  capacity?: number | null;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsBoolean()
  waitlist?: boolean;

  @ApiPropertyOptional({ enum: ['public', 'invite_only'] })
  @MayBeOmitted()
  @IsIn(['public', 'invite_only'], { message: '$property must be public or invite_only' })
  visibility?: EventVisibilityValue;

  @ApiPropertyOptional({ type: [String], example: ['P1D', 'PT1H'] })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(5)
  @IsReminderDuration({ each: true })
  reminders?: string[];

  @ApiPropertyOptional({
    default: 15,
    minimum: 0,
    maximum: 1440,
    description: 'Minutes before the start from which the personal join links (`/j/<token>`) lead to the meeting',
  })
  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(1440)
  joinWindowMinutes?: number;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: open from publication' })
  @IsOptional()
  @IsOffsetDateTime()
  registrationOpensAt?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: closes at startsAt' })
  @IsOptional()
  @IsOffsetDateTime()
  registrationClosesAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://video.example.org/rec/1',
    description:
      'The recording (https; null removes it): on the personal links\' "ended" page, publicly with recordingPublic',
  })
  @IsOptional()
  @IsPlainText({ max: 2000 })
  @IsUrl(JOIN_URL, { message: '$property must be an https:// URL' })
  recordingUrl?: string | null;

  @ApiPropertyOptional({ description: 'Show the recording link on the public event page and in the public event JSON' })
  @MayBeOmitted()
  @IsBoolean()
  recordingPublic?: boolean;
}

export class CancelEventDto {
  @ApiPropertyOptional({
    example: 'The speaker fell ill',
    description: 'Told to registrants in the cancellation email',
  })
  @MayBeOmitted()
  @IsLongText()
  @MaxLength(1000)
  reason?: string;
}

export class InviteCohostDto {
  @ApiProperty({ example: 'danish-embassy', description: 'Slug of the partner invited to co-host' })
  @IsSlug()
  partner: string;
}
