import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { IsStrictEmail, NO_CONTROL_CHARS } from '../../http/validators';

export class CreateOrganizerDto {
  @ApiProperty({ example: 'kenji.sato@tokyo-hub.example' })
  @IsString()
  @IsStrictEmail()
  email: string;

  @ApiProperty({ example: '佐藤 健二' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(NO_CONTROL_CHARS, { message: '$property must not contain control characters' })
  name: string;
}

export class OrganizerCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ description: 'Bearer token; shown this once, only its hash is stored' })
  token: string;
}
