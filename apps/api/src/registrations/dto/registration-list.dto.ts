import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { MAX_SEARCH_LENGTH, PARTNER_SLUG_PATTERN } from '@cohost/domain';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatusFilter = (typeof REGISTRATION_STATUSES)[number];

/** `via=-`: registrants no partner brought (a slug never is a lone dash). */
export const NO_PARTNER = '-';

/** The filters of the JSON list, the CSV and the console's registrant table. */
export class RegistrantFilterQueryDto {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES, { message: '$property must be confirmed, waitlisted or cancelled' })
  status?: RegistrationStatusFilter;

  @ApiPropertyOptional({
    example: 'danish-embassy',
    description: 'The slug of the partner that brought the registrants, or `-` for those no partner brought',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @ValidateBy({
    name: 'isPartnerSlugOrNone',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && (value === NO_PARTNER || PARTNER_SLUG_PATTERN.test(value)),
      defaultMessage: (args) => `${args?.property} must be a partner's slug or -`,
    },
  })
  via?: string;

  @ApiPropertyOptional({
    maxLength: MAX_SEARCH_LENGTH,
    example: 'yamada',
    description:
      'Search in name, email and organization (case-insensitive, anywhere in the text; invisible characters ignored)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH)
  q?: string;
}

export class ListRegistrationsQueryDto extends RegistrantFilterQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500, description: 'JSON only; CSV holds every row' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class StatusCountsDto {
  @ApiProperty()
  confirmed: number;

  @ApiProperty()
  waitlisted: number;

  @ApiProperty()
  cancelled: number;
}

export class PartnerCountsDto extends StatusCountsDto {
  @ApiProperty({ nullable: true, type: String, example: 'danish-embassy', description: 'null: no partner link' })
  via: string | null;
}

export class AnswerDto {
  @ApiProperty({ format: 'uuid' })
  questionId: string;

  @ApiProperty({ description: 'The version of the question this answer was given to' })
  version: number;

  @ApiProperty({ enum: ['short_text', 'long_text', 'single_choice', 'multiple_choice', 'checkbox'] })
  kind: 'short_text' | 'long_text' | 'single_choice' | 'multiple_choice' | 'checkbox';

  @ApiProperty({ example: { en: 'Your role', ja: 'ご所属での役割' }, description: 'The label as answered' })
  label: { en?: string; ja?: string };

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
    description: 'As sent: text, choice id(s), or a boolean',
  })
  value: string | string[] | boolean;

  @ApiProperty({ example: 'Researcher', description: 'Readable: the text, the chosen labels joined by "; ", yes/no' })
  text: string;
}

export class MemberOrganizationCountsDto extends StatusCountsDto {
  @ApiProperty({ example: { id: '6f1c0a8e-2b7d-4c55-9a0e-3d2f1b4c5a6e', name: { en: 'Kyoto Bio Labs' } } })
  organization: { id: string; name: { en?: string; ja?: string } };
}

export class RegistrationItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: REGISTRATION_STATUSES })
  status: RegistrationStatusFilter;

  @ApiPropertyOptional({ description: 'Only for waitlisted registrations' })
  waitlistPosition?: number;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  organization: string;

  @ApiProperty({ enum: ['ja', 'en'] })
  locale: 'ja' | 'en';

  @ApiProperty({ example: 'Asia/Tokyo' })
  timezone: string;

  @ApiProperty({ nullable: true, type: String })
  via: string | null;

  @ApiProperty({ example: { shareWithCohosts: true } })
  consent: { shareWithCohosts: boolean };

  @ApiProperty({ type: String, format: 'date-time' })
  registeredAt: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  confirmedAt: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  cancelledAt: string | null;

  @ApiProperty({ nullable: true, enum: ['registrant', 'organizer', 'event'] })
  cancelledBy: 'registrant' | 'organizer' | 'event' | null;

  @ApiProperty({ description: 'Came to the event: from the personal join link, by hand, or an attendance report' })
  attended: boolean;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'First opening of the personal join link during the join window',
  })
  joinedAt: string | null;

  @ApiProperty({ type: [AnswerDto], description: 'Answers to registration questions, each as it was answered' })
  answers: AnswerDto[];
}

export class RegistrationListDto {
  @ApiProperty({
    enum: ['all', 'consented'],
    description: "all: the host's view; consented: a co-host's view (registrants who agreed to share)",
  })
  view: 'all' | 'consented';

  @ApiProperty({ type: [RegistrationItemDto] })
  items: RegistrationItemDto[];

  @ApiProperty({ description: 'Rows matching the filter that this view shows' })
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;

  @ApiProperty({ type: StatusCountsDto, description: 'Every registration of the event, shown or not' })
  totals: StatusCountsDto;

  @ApiProperty({ type: StatusCountsDto, description: 'Registrations this view does not show (no consent)' })
  hidden: StatusCountsDto;

  @ApiProperty({ type: [PartnerCountsDto], description: 'Counts by the partner that brought the registrant' })
  byPartner: PartnerCountsDto[];

  @ApiProperty({
    type: [MemberOrganizationCountsDto],
    description: 'Counts by member organization (registrations matched to the roster: members-only events)',
  })
  byOrganization: MemberOrganizationCountsDto[];
}
