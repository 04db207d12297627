import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsPlainText, IsSlug } from '../../http/validators';
import { IsOffsetDateTime } from './event-validators';

export class EventLanguageQuery {
  @ApiPropertyOptional({ enum: ['ja', 'en'], description: 'Language of titles; default from Accept-Language' })
  @IsOptional()
  @Matches(/^(ja|en)$/, { message: '$property must be ja or en' })
  lang?: 'ja' | 'en';
}

export class ListEventsQuery extends EventLanguageQuery {
  @ApiPropertyOptional({ example: '2026-05-01T00:00:00+09:00', description: 'Events not yet over at this instant' })
  @IsOptional()
  @IsOffsetDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2026-06-01T00:00:00+09:00', description: 'Events starting before this instant' })
  @IsOptional()
  @IsOffsetDateTime()
  to?: string;

  @ApiPropertyOptional({ example: 'danish-embassy', description: 'Hosted or co-hosted (accepted) by this partner' })
  @IsOptional()
  @IsSlug()
  partner?: string;

  @ApiPropertyOptional({ example: 'symposium', description: 'Words in the English or Japanese title' })
  @IsOptional()
  @IsPlainText({ max: 200, blank: true })
  q?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous answer (not with `page`)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, description: '1-based page number (not with `cursor`)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;
}
