import { ApiProperty } from '@nestjs/swagger';
import { IsPlainText, IsStrictEmail } from '../../http/validators';

export class CreateOrganizerDto {
  @ApiProperty({ example: 'kenji.sato@tokyo-hub.example' })
  @IsStrictEmail()
  email: string;

  @ApiProperty({ example: '佐藤 健二' })
  @IsPlainText({ max: 200 })
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
