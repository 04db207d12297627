import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class CancelRegistrationDto {
  @ApiProperty({ description: 'The token from the cancel link of a confirmation or waitlist email' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: '$property must be the token from the cancel link' })
  token: string;
}

export class RegistrationCancelledDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['cancelled'] })
  status: 'cancelled';

  @ApiProperty({ description: 'How many waitlisted registrants the freed seat promoted', example: 1 })
  promoted: number;
}
