import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@cohost/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  MaxLength,
} from 'class-validator';
import { MayBeOmitted } from '../../http/validators';

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://crm.partner.example/hooks/cohost', description: 'https; public addresses only' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['registration.created'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `eventTypes must be among: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventTypes: WebhookEventType[];

  @ApiPropertyOptional({ default: true })
  @MayBeOmitted()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @MayBeOmitted()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `eventTypes must be among: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventTypes?: WebhookEventType[];

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  eventTypes: string[];

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({
    nullable: true,
    description: 'Why the platform disabled it (`gone`: the receiver answered 410; `failing`: three days of failures)',
  })
  disabledReason: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: "When the platform disabled it (its partner's contact address was emailed then)",
  })
  disabledAt: string | null;

  @ApiProperty({ nullable: true, description: 'Until when the previous secret still signs, after a rotation' })
  previousSecretExpiresAt: string | null;

  @ApiProperty()
  createdAt: string;
}

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({ description: 'Signing secret (`whsec_…`), shown this once' })
  secret: string;
}

export class WebhookAttemptDto {
  @ApiProperty({ description: 'The message (use it to send again)' })
  messageId: string;

  @ApiProperty({ description: 'Its `webhook-id`' })
  msgId: string;

  @ApiProperty()
  type: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'skipped'] })
  messageStatus: string;

  @ApiProperty()
  attempt: number;

  @ApiProperty({ nullable: true })
  statusCode: number | null;

  @ApiProperty()
  latencyMs: number;

  @ApiProperty({ nullable: true, description: 'The first 1 KB of the response body' })
  responseExcerpt: string | null;

  @ApiProperty({ nullable: true })
  error: string | null;

  @ApiProperty()
  at: string;
}
