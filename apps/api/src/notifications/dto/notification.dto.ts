import {
  NOTIFICATION_KINDS,
  NotificationEntity,
  NotificationKind,
  NotificationStatus,
  StoredNotificationKind,
} from '@cohost/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

const STATUSES: NotificationStatus[] = ['pending', 'sent', 'failed', 'skipped'];
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class ListNotificationsQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only messages in this delivery status' })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: NotificationStatus;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS, description: 'Only messages of this kind' })
  @IsOptional()
  @IsIn(NOTIFICATION_KINDS, { message: 'kind must be a notification kind' })
  kind?: NotificationKind;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'page must be a positive integer' })
  @Min(1, { message: 'page must be a positive integer' })
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

  // An event's messages: never `console.sign_in`, which has no event.
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind: StoredNotificationKind;

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

  static from(n: NotificationEntity): NotificationResponseDto {
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
