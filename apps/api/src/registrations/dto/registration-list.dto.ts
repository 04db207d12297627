import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatusFilter = (typeof REGISTRATION_STATUSES)[number];

export class ListRegistrationsQueryDto {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES, { message: '$property must be confirmed, waitlisted or cancelled' })
  status?: RegistrationStatusFilter;

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
}
