import {
  EVENT_NOTIFICATION_KINDS,
  EventNotificationKind,
  NotificationEntity,
  NotificationKind,
  NotificationStatus,
} from '@cohost/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MayBeOmitted } from '../../http/validators';

const STATUSES: NotificationStatus[] = ['pending', 'sent', 'failed', 'skipped'];
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class ListNotificationsQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only messages in this delivery status' })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: NotificationStatus;

  @ApiPropertyOptional({ enum: EVENT_NOTIFICATION_KINDS, description: 'Only messages of this kind' })
  @IsOptional()
  @IsIn(EVENT_NOTIFICATION_KINDS, { message: 'kind must be a notification kind' })
  kind?: EventNotificationKind;

  // Bounded so the offset stays a plain integer in SQL (a 22-digit page would be written as 1e+21).
  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'page must be a positive integer up to 1000000' })
  @Min(1, { message: 'page must be a positive integer up to 1000000' })
  @Max(1_000_000, { message: 'page must be a positive integer up to 1000000' })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'perPage must be an integer between 1 and 200' })
  @Min(1, { message: 'perPage must be an integer between 1 and 200' })
  @Max(200, { message: 'perPage must be an integer between 1 and 200' })
  perPage?: number;
}

export class NotificationResponseDto {
  @ApiProperty({ example: '1042' })
  id: string;

  // An event's messages: never a console user's kind (`console.sign_in`), which has no event.
  @ApiProperty({ enum: EVENT_NOTIFICATION_KINDS })
  kind: NotificationKind;

  @ApiProperty({ example: 'ana@member.example' })
  recipient: string;

  @ApiProperty({ enum: STATUSES })
  status: NotificationStatus;

  @ApiProperty({ description: 'Send attempts that reached the mail server or transport' })
  attempts: number;

  @ApiProperty({ nullable: true, type: String, example: '550 5.1.1 mailbox unavailable' })
  lastError: string | null;

  @ApiProperty({ nullable: true, type: String, example: '<n1042.7f1c3a52-…@cohost.example>' })
  smtpMessageId: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  sentAt: string | null;

  @ApiProperty({ description: 'The event sequence the message is about' })
  eventSequence: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({
    nullable: true,
    enum: ['unsubscribed', 'hard_bounce'],
    description:
      'The recipient gets no more invitations, announcements or follow-ups: they unsubscribed, or an earlier ' +
      'message to them was refused with an SMTP 5xx (docs/privacy.md)',
  })
  recipientSuppressed: 'unsubscribed' | 'hard_bounce' | null;

  static from(
    n: NotificationEntity,
    suppressed: 'unsubscribed' | 'hard_bounce' | null = null,
  ): NotificationResponseDto {
    return {
      id: n.id,
      kind: n.kind,
      recipient: n.recipient,
      status: n.status,
      attempts: n.attempts,
      lastError: n.lastError,
      smtpMessageId: n.smtpMessageId,
      sentAt: n.sentAt?.toISOString() ?? null,
      eventSequence: n.eventSequence,
      createdAt: n.createdAt.toISOString(),
      recipientSuppressed: suppressed,
    };
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationResponseDto] })
  items: NotificationResponseDto[];

  @ApiProperty({ description: 'Messages matching the filter that the caller may see' })
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  perPage: number;
}

export class RetryNotificationsDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['1042', '1043'],
    description: 'Only these failed messages (ids from the list); all failed messages of the event when absent',
  })
  @MayBeOmitted()
  @IsArray({ message: 'ids must be an array of notification ids' })
  @ArrayMaxSize(10_000, { message: 'ids may name at most 10000 notifications' })
  @IsString({ each: true, message: 'each of ids must be a notification id' })
  @Matches(/^[1-9]\d{0,17}$/, { each: true, message: 'each of ids must be a notification id' })
  ids?: string[];
}

export class RetryNotificationsResultDto {
  @ApiProperty({ description: 'Failed messages queued again (sent or pending ones are never resent)', example: 2 })
  retried: number;

  @ApiProperty({ type: [String], description: 'Their ids' })
  ids: string[];
}
