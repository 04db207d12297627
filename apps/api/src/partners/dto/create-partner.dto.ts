import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsISO31661Alpha2,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsSlug, IsStrictEmail, NO_CONTROL_CHARS } from '../../http/validators';

export class PartnerNameDto {
  @ApiProperty({ example: 'Royal Danish Embassy in Tokyo' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: '$property must not contain control characters' })
  en: string;

  @ApiPropertyOptional({ example: '駐日デンマーク大使館' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: '$property must not contain control characters' })
  ja?: string;
}

export class CreatePartnerDto {
  @ApiProperty({ example: 'danish-embassy', description: 'Unique; lower-case letters and digits joined by dashes' })
  @IsString()
  @IsSlug()
  slug: string;

  @ApiProperty({ type: PartnerNameDto })
  @ValidateNested()
  @Type(() => PartnerNameDto)
  name: PartnerNameDto;

  @ApiProperty({ example: 'DK', description: 'ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code' })
  country: string;

  @ApiProperty({ example: 'Asia/Tokyo', description: 'IANA time zone' })
  @IsString()
  @IsTimeZone({ message: '$property must be an IANA time zone such as Asia/Tokyo' })
  timezone: string;

  @ApiProperty({ example: 'events@um.dk' })
  @IsString()
  @IsStrictEmail()
  contactEmail: string;
}

/** A partner's editable fields: everything but the slug. */
export class UpdatePartnerDto extends OmitType(CreatePartnerDto, ['slug'] as const) {}
