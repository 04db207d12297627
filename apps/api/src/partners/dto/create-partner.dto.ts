import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsISO31661Alpha2 } from 'class-validator';
import {
  IsIanaTimeZone,
  IsNestedObject,
  IsPlainText,
  IsSlug,
  IsStrictEmail,
  MayBeOmitted,
} from '../../http/validators';

export class PartnerNameDto {
  @ApiProperty({ example: 'Royal Danish Embassy in Tokyo' })
  @IsPlainText({ max: 200 })
  en: string;

  @ApiPropertyOptional({ example: '駐日デンマーク大使館' })
  @MayBeOmitted()
  @IsPlainText({ max: 200 })
  ja?: string;
}

export class CreatePartnerDto {
  @ApiProperty({ example: 'danish-embassy', description: 'Unique; lower-case letters and digits joined by dashes' })
  @IsSlug()
  slug: string;

  @ApiProperty({ type: PartnerNameDto })
  @IsNestedObject(() => PartnerNameDto)
  name: PartnerNameDto;

  @ApiProperty({ example: 'DK', description: 'ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code' })
  country: string;

  @ApiProperty({ example: 'Asia/Tokyo', description: 'IANA time zone, any case or alias (stored canonical)' })
  @IsIanaTimeZone()
  timezone: string;

  @ApiProperty({ example: 'events@um.dk', description: 'Stored normalised like every address' })
  @IsStrictEmail()
  contactEmail: string;
}

/** A partner's editable fields: everything but the slug. */
export class UpdatePartnerDto extends OmitType(CreatePartnerDto, ['slug'] as const) {}
