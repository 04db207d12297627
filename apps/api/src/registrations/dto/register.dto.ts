import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsObject, IsString, Matches, MaxLength } from 'class-validator';
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

  @ApiPropertyOptional({
    description:
      "Answers to the event's registration questions (`GET /events/:id/questions`), keyed by question id: " +
      'a string for short_text, long_text and single_choice (the choice id), an array of choice ids for ' +
      'multiple_choice, a boolean for checkbox. Required questions must be answered (a required checkbox ' +
      'ticked); errors come back per question as `answers.<questionId>` in `fields`, and nothing is stored.',
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
    },
    example: { '9b2f4c1e-8a51-4d8e-9a43-0c5d1f0e7b21': 'Researcher' },
  })
  @MayBeOmitted()
  @IsObject({ message: '$property must be an object of answers keyed by question id' })
  answers?: Record<string, unknown>;
}

export class RegistrationCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['confirmed', 'waitlisted'] })
  status: 'confirmed' | 'waitlisted';

  @ApiPropertyOptional({ example: 3, description: 'Only when waitlisted: 1 = next to be promoted' })
  waitlistPosition?: number;
}
