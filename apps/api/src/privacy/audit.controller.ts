import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { Auth } from '../auth/auth.decorators';

const ACTIONS = ['registrants.view', 'registrants.export', 'erasure', 'agreement.create', 'agreement.terminate'];

export class AuditQueryDto {
  @ApiPropertyOptional({ enum: ACTIONS })
  @IsOptional()
  @IsIn(ACTIONS)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
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
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Auth('admin')
  async list(@Query() query: AuditQueryDto): Promise<AuditEntryDto[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, at, actor_kind, actor_id, partner_id, action, event_id, agreement_id, detail FROM audit_log
        WHERE ($1::text IS NULL OR action = $1) AND ($2::uuid IS NULL OR event_id = $2)
        ORDER BY at DESC, id LIMIT $3`,
      [query.action ?? null, query.eventId ?? null, query.limit ?? 100],
    );
    return rows.map((r) => ({
      id: r.id as string,
      at: (r.at as Date).toISOString(),
      actorKind: r.actor_kind as string,
      actorId: r.actor_id as string | null,
      partnerId: r.partner_id as string | null,
      action: r.action as string,
      eventId: r.event_id as string | null,
      agreementId: r.agreement_id as string | null,
      detail: r.detail as Record<string, unknown> | null,
    }));
  }
}
