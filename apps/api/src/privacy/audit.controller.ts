import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Auth } from '../auth/auth.decorators';
import { AUDIT_ACTIONS, AuditService } from './audit.service';

const ACTIONS = [...AUDIT_ACTIONS];

export class AuditQueryDto {
  @ApiPropertyOptional({ enum: ACTIONS })
  @IsOptional()
  @IsIn(ACTIONS)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({
    description:
      'An actor kind (admin, token, organizer, registrant, system) or an actor id (admin email, organizer id)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'actor must not contain control characters' })
  actor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Entries to skip (paging)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ description: 'admin, token (ADMIN_TOKEN), organizer, registrant or system' }) actorKind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) partnerId: string | null;
  @ApiProperty({ enum: ACTIONS }) action: string;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty({ nullable: true, type: String }) agreementId: string | null;
  @ApiProperty({ nullable: true, type: Object }) detail: Record<string, unknown> | null;
}

/** The audit log, newest first: hub admins only. */
@ApiTags('privacy')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Auth('admin')
  async list(@Query() query: AuditQueryDto): Promise<AuditEntryDto[]> {
    const entries = await this.audit.list({
      actor: query.actor,
      action: query.action,
      eventId: query.eventId,
      limit: query.limit ?? 100,
      offset: query.offset,
    });
    return entries.map((e) => ({ ...e, at: e.at.toISOString() }));
  }
}
