import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { IsStrictEmail } from '../../http/validators';

export const MAX_INVITATIONS_PER_CALL = 10_000;

export class InviteDto {
  @ApiProperty({
    type: [String],
    example: ['hanako.yamada@example.jp', 'lars@example.dk'],
    description: `1 to ${MAX_INVITATIONS_PER_CALL} addresses; repeats (in any case or look-alike spelling: addresses are normalised) count once`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INVITATIONS_PER_CALL)
  @IsStrictEmail({ each: true })
  emails: string[];
}

export class InvitationRoundDto {
  @ApiProperty({ format: 'uuid', description: 'Identifies this sending; each address gets one email per round' })
  round: string;

  @ApiProperty({ description: 'Distinct addresses invited in this call', example: 2 })
  invited: number;

  @ApiProperty({ description: 'Of those, addresses never invited to this event before', example: 1 })
  created: number;
}
