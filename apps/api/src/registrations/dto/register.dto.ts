import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsSlug, IsStrictEmail, NO_CONTROL_CHARS } from '../../http/validators';

const NO_CONTROL = { message: '$property must not contain control characters' };

export class ConsentDto {
  @ApiProperty({ description: "May the accepted co-hosts' organizers see this registration?", example: true })
  @IsBoolean()
  shareWithCohosts: boolean;
}

export class RegisterDto {
  @ApiProperty({
    example: 'hanako.yamada@example.jp',
    description: 'Unique per event among live registrations (case-insensitive)',
  })
  @IsString()
  @IsStrictEmail()
  email: string;

  @ApiProperty({ example: '山田 花子', description: 'Any script; no control characters' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, NO_CONTROL)
  name: string;

  @ApiProperty({ example: 'Kyoto Bio Labs' })
  @IsString()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, NO_CONTROL)
  organization: string;

  @ApiPropertyOptional({ enum: ['ja', 'en'], description: 'Default: from Accept-Language (ja or en), else en' })
  @IsOptional()
  @IsIn(['ja', 'en'], { message: '$property must be ja or en' })
  locale?: 'ja' | 'en';

  @ApiPropertyOptional({ example: 'Asia/Tokyo', description: "IANA time zone; default: the event's" })
  @IsOptional()
  @IsString()
  @IsTimeZone({ message: '$property must be an IANA time zone such as Asia/Tokyo' })
  timezone?: string;

  @ApiPropertyOptional({
    example: 'danish-embassy',
    description: 'Slug of the partner whose link brought the registrant; an unknown slug is ignored',
  })
  @IsOptional()
  @IsString()
  @IsSlug()
  via?: string;

  @ApiProperty({ type: ConsentDto })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;

  @ApiPropertyOptional({ description: 'The code from the invitation email; required by invite-only events' })
  @IsOptional()
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
