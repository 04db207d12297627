import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PartnerNameDto } from '../../partners/dto/create-partner.dto';
import { EventDescriptionDto, EventTitleDto } from './event-input.dto';

export class EventPartnerDto {
  @ApiProperty({ example: 'danish-embassy' })
  slug: string;

  @ApiProperty({ type: PartnerNameDto })
  name: PartnerNameDto;
}

export class EventCohostDto {
  @ApiProperty({ type: EventPartnerDto })
  partner: EventPartnerDto;

  @ApiProperty({ enum: ['pending', 'accepted', 'declined'], description: 'The public sees accepted co-hosts only' })
  status: 'pending' | 'accepted' | 'declined';
}

export class EventSeatsDto {
  @ApiProperty({ example: 12 })
  confirmed: number;

  @ApiProperty({ example: 0 })
  waitlisted: number;

  @ApiProperty({ type: Number, nullable: true, example: 188, description: 'null when capacity is unlimited' })
  remaining: number | null;
}

export class CalendarLinksDto {
  @ApiProperty({ description: 'Google Calendar "add event" URL (UTC times, no join link)' })
  google: string;

  @ApiProperty({ description: 'Outlook on the web "add event" URL (UTC times, no join link)' })
  outlook: string;

  @ApiProperty({ description: 'The public METHOD:PUBLISH calendar file of the event' })
  ics: string;
}

export class EventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'danish-japanese-life-science-symposium' })
  slug: string;

  @ApiProperty({ type: EventTitleDto })
  title: EventTitleDto;

  @ApiProperty({ type: EventDescriptionDto })
  description: EventDescriptionDto;

  @ApiProperty({ example: '2026-05-20T09:00:00.000Z', description: 'UTC' })
  startsAt: string;

  @ApiProperty({ example: '2026-05-20T11:00:00.000Z', description: 'UTC' })
  endsAt: string;

  @ApiProperty({ example: 'Asia/Tokyo' })
  timezone: string;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  capacity: number | null;

  @ApiProperty()
  waitlist: boolean;

  @ApiProperty({ enum: ['public', 'invite_only'] })
  visibility: 'public' | 'invite_only';

  @ApiProperty({ enum: ['draft', 'published', 'cancelled'] })
  status: 'draft' | 'published' | 'cancelled';

  @ApiProperty({ example: 0, description: 'RFC 5545 SEQUENCE; never goes down' })
  sequence: number;

  @ApiProperty({ type: [String], example: ['P1D', 'PT1H'] })
  reminders: string[];

  @ApiProperty({ type: String, nullable: true, description: 'null: open from publication' })
  registrationOpensAt: string | null;

  @ApiProperty({ description: 'When registration closes (startsAt unless set otherwise)' })
  registrationClosesAt: string;

  @ApiProperty({ type: EventPartnerDto })
  host: EventPartnerDto;

  @ApiProperty({ type: [EventCohostDto] })
  cohosts: EventCohostDto[];

  @ApiProperty({ type: EventSeatsDto })
  seats: EventSeatsDto;

  @ApiProperty({ type: CalendarLinksDto })
  calendarLinks: CalendarLinksDto;

  @ApiPropertyOptional({ description: 'Only for the host, accepted co-hosts and the admin' })
  joinUrl?: string;

  @ApiProperty({
    example: 15,
    description: 'Minutes before the start from which personal join links lead to the meeting',
  })
  joinWindowMinutes: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The recording (https): for organizers, and for everyone once the organizers made it public',
  })
  recordingUrl?: string | null;

  @ApiPropertyOptional({ description: 'Organizers only: whether the recording shows on the public event page' })
  recordingPublic?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Organizers only: when the follow-up was sent' })
  followupSentAt?: string | null;
}

export class EventListResponseDto {
  @ApiProperty({ type: [EventResponseDto] })
  items: EventResponseDto[];

  @ApiProperty({ example: 42, description: 'Events matching the filters' })
  total: number;

  @ApiProperty({ example: 20 })
  limit: number;

  @ApiProperty({ type: Number, nullable: true, description: 'The page asked for, in page mode; null in cursor mode' })
  page: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the events after the last one here; null at the end',
  })
  nextCursor: string | null;
}
