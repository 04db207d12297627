import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import {
  IsIanaTimeZone,
  IsNestedObject,
  IsPlainText,
  IsSlug,
  IsStrictEmail,
  MayBeOmitted,
} from '../../http/validators';

export class ConsentDto {
  @ApiProperty({ description: "May the accepted co-hosts' organizers see this registration?", example: true })
  @IsBoolean()
  shareWithCohosts: boolean;
}

export class RegisterDto {
  @ApiProperty({
    example: 'hanako.yamada@example.jp',
    description:
      'Unique per event among live registrations. Stored normalised (NFKC, punycode domain, lower case), ' +
      'so look-alike spellings of one address count once',
  })
  @IsStrictEmail()
  email: string;

  @ApiProperty({ example: '山田 花子', description: 'Any script; no control or direction characters' })
  @IsPlainText({ max: 200 })
  name: string;

  @ApiProperty({ example: 'Kyoto Bio Labs' })
  @IsPlainText({ max: 200 })
  organization: string;

  @ApiPropertyOptional({ enum: ['ja', 'en'], description: 'Default: from Accept-Language (ja or en), else en' })
  @MayBeOmitted()
  @IsIn(['ja', 'en'], { message: '$property must be ja or en' })
  locale?: 'ja' | 'en';

  @ApiPropertyOptional({
    example: 'Asia/Tokyo',
    description: "IANA time zone, any case or alias (stored canonical); default: the event's",
  })
  @MayBeOmitted()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({
    example: 'danish-embassy',
    description: 'Slug of the partner whose link brought the registrant; an unknown slug is ignored',
  })
  @MayBeOmitted()
  @IsSlug()
  via?: string;

  @ApiProperty({ type: ConsentDto })
  @IsNestedObject(() => ConsentDto)
  consent: ConsentDto;

  @ApiPropertyOptional({ description: 'The code from the invitation email; required by invite-only events' })
  @MayBeOmitted()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: '$property must be the code from the invitation email' })
  invitationCode?: string;
}

export class RegistrationCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['confirmed', 'waitlisted'] })
  status: 'confirmed' | 'waitlisted';

  @ApiPropertyOptional({ example: 3, description: 'Only when waitlisted: 1 = next to be promoted' })
  waitlistPosition?: number;
}
