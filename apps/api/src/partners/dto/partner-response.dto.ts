import { PartnerEntity } from '@cohost/database';
import { ApiProperty } from '@nestjs/swagger';
import { PartnerNameDto } from './create-partner.dto';

export class PartnerResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'danish-embassy' })
  slug: string;

  @ApiProperty({ type: PartnerNameDto })
  name: PartnerNameDto;

  @ApiProperty({ example: 'DK' })
  country: string;

  @ApiProperty({ example: 'Europe/Copenhagen' })
  timezone: string;

  @ApiProperty({ example: 'events@um.dk' })
  contactEmail: string;

  static from(partner: PartnerEntity): PartnerResponseDto {
    return {
      id: partner.id,
      slug: partner.slug,
      name: partnerName(partner),
      country: partner.country,
      timezone: partner.timezone,
      contactEmail: partner.contactEmail,
    };
  }
}

/** `{en, ja?}` of a partner, the shape SPEC uses wherever a partner is named. */
export function partnerName(partner: Pick<PartnerEntity, 'nameEn' | 'nameJa'>): PartnerNameDto {
  return partner.nameJa ? { en: partner.nameEn, ja: partner.nameJa } : { en: partner.nameEn };
}
