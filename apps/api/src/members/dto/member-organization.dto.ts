import { MemberOrganizationEntity } from '@cohost/database';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { IsNestedObject, IsPlainText, MayBeOmitted } from '../../http/validators';

export class MemberOrganizationNameDto {
  @ApiPropertyOptional({ example: 'Kyoto Bio Labs' })
  @MayBeOmitted()
  @IsPlainText({ max: 200 })
  en?: string;

  @ApiPropertyOptional({ example: '京都バイオラボ' })
  @MayBeOmitted()
  @IsPlainText({ max: 200 })
  ja?: string;
}

export class CreateMemberOrganizationDto {
  @ApiProperty({ type: MemberOrganizationNameDto, description: 'At least one of en, ja' })
  @IsNestedObject(() => MemberOrganizationNameDto)
  name: MemberOrganizationNameDto;

  @ApiProperty({
    example: ['kyoto-bio.example.jp'],
    description:
      'Email domains of the organization; addresses of these domains and of their subdomains belong to it. ' +
      'Each domain belongs to one organization.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  domains: string[];
}

export class UpdateMemberOrganizationDto {
  @ApiPropertyOptional({ type: MemberOrganizationNameDto })
  @MayBeOmitted()
  @IsNestedObject(() => MemberOrganizationNameDto)
  name?: MemberOrganizationNameDto;

  @ApiPropertyOptional({ example: ['kyoto-bio.example.jp'], description: 'Replaces the domains' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  domains?: string[];
}

export class ImportMemberOrganizationsDto {
  @ApiProperty({
    description:
      'CSV text (UTF-8, optional BOM): a header naming the columns name_ja, name_en and domains (several ' +
      'domains separated by spaces or ";"), then one organization per line',
    example: 'name_ja,name_en,domains\n京都バイオラボ,Kyoto Bio Labs,kyoto-bio.example.jp\n',
  })
  @IsString()
  @MaxLength(2_000_000)
  csv: string;
}

export class MemberOrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: MemberOrganizationNameDto })
  name: MemberOrganizationNameDto;

  @ApiProperty({ example: ['kyoto-bio.example.jp'] })
  domains: string[];

  static from(entity: MemberOrganizationEntity): MemberOrganizationDto {
    return {
      id: entity.id,
      name: { ...(entity.nameEn ? { en: entity.nameEn } : {}), ...(entity.nameJa ? { ja: entity.nameJa } : {}) },
      domains: (entity.domains ?? []).map((d) => d.domain).sort(),
    };
  }
}

export class RosterRejectionDto {
  @ApiProperty({ example: 12, description: 'Line of the file (the header is line 1)' })
  line: number;

  @ApiProperty({
    enum: ['missing_name', 'bad_domain', 'no_domain', 'duplicate_domain', 'bad_name', 'bad_columns'],
  })
  reason: string;

  @ApiProperty({ example: '"kyoto bio" is not an email domain' })
  message: string;
}

export class RosterImportReportDto {
  @ApiProperty({ description: 'Organizations added' })
  imported: number;

  @ApiProperty({ type: [RosterRejectionDto], description: 'Lines not imported, and why' })
  rejected: RosterRejectionDto[];
}
