import { AgreementEntity, AgreementKind, PartnerEntity } from '@cohost/database';
import { isActiveOn } from '@cohost/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import { IsCalendarDate, IsSlug, MayBeOmitted } from '../../http/validators';
import { PartnerNameDto } from '../../partners/dto/create-partner.dto';
import { partnerName } from '../../partners/dto/partner-response.dto';

export class CreateAgreementDto {
  @ApiProperty({ example: ['tokyo-hub', 'danish-embassy'], description: 'Slugs of the two signatories' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsSlug({ each: true })
  partners: string[];

  @ApiProperty({ enum: ['MOC', 'MOU'] })
  @IsIn(['MOC', 'MOU'], { message: '$property must be MOC or MOU' })
  kind: AgreementKind;

  @ApiProperty({ example: '2026-03-15', format: 'date' })
  @IsCalendarDate()
  signedOn: string;

  @ApiProperty({ example: '2026-04-01', format: 'date', description: 'First active day' })
  @IsCalendarDate()
  effectiveFrom: string;

  @ApiPropertyOptional({ example: '2029-04-01', format: 'date', description: 'First day no longer active (exclusive)' })
  @MayBeOmitted()
  @IsCalendarDate()
  expiresOn?: string;
}

export class TerminateAgreementDto {
  @ApiProperty({ example: '2026-10-01', format: 'date', description: 'First day no longer active (exclusive)' })
  @IsCalendarDate()
  terminatedOn: string;
}

export class PartnerRefDto {
  @ApiProperty({ example: 'danish-embassy' })
  slug: string;

  @ApiProperty({ type: PartnerNameDto })
  name: PartnerNameDto;

  static from(partner: PartnerEntity): PartnerRefDto {
    return { slug: partner.slug, name: partnerName(partner) };
  }
}

export class AgreementResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: [PartnerRefDto] })
  partners: PartnerRefDto[];

  @ApiProperty({ enum: ['MOC', 'MOU'] })
  kind: AgreementKind;

  @ApiProperty({ format: 'date' })
  signedOn: string;

  @ApiProperty({ format: 'date' })
  effectiveFrom: string;

  @ApiProperty({ format: 'date', nullable: true, type: String })
  expiresOn: string | null;

  @ApiProperty({ format: 'date', nullable: true, type: String })
  terminatedOn: string | null;

  @ApiProperty({ description: 'Active today (UTC date)' })
  active: boolean;

  static from(agreement: AgreementEntity, today: string): AgreementResponseDto {
    return {
      id: agreement.id,
      partners: [PartnerRefDto.from(agreement.partnerA!), PartnerRefDto.from(agreement.partnerB!)],
      kind: agreement.kind,
      signedOn: agreement.signedOn,
      effectiveFrom: agreement.effectiveFrom,
      expiresOn: agreement.expiresOn,
      terminatedOn: agreement.terminatedOn,
      active: isActiveOn(agreement, today),
    };
  }
}
