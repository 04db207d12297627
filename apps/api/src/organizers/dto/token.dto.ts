import { ApiProperty } from '@nestjs/swagger';
import type { OrganizerTokens, TokenSummary } from '../../auth/tokens.service';

/** A token as it may be shown: never its secret or hash. */
export class TokenSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['admin', 'organizer'] })
  role: 'admin' | 'organizer';

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for hub admin tokens' })
  organizerId: string | null;

  @ApiProperty({ description: 'Who it was issued to' })
  email: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null while the token is valid' })
  revokedAt: string | null;

  @ApiProperty({ description: 'Not revoked: accepted as a bearer token' })
  active: boolean;

  static from(token: TokenSummary): TokenSummaryDto {
    return {
      id: token.id,
      role: token.role,
      organizerId: token.organizerId,
      email: token.email,
      createdAt: token.createdAt.toISOString(),
      revokedAt: token.revokedAt?.toISOString() ?? null,
      active: token.revokedAt === null,
    };
  }
}

export class OrganizerTokensDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: [TokenSummaryDto], description: 'Every token issued to the organizer, revoked ones too' })
  tokens: TokenSummaryDto[];

  static from(organizer: OrganizerTokens): OrganizerTokensDto {
    return {
      id: organizer.id,
      email: organizer.email,
      name: organizer.name,
      createdAt: organizer.createdAt.toISOString(),
      tokens: organizer.tokens.map((t) => TokenSummaryDto.from(t)),
    };
  }
}

export class TokenIssuedDto {
  @ApiProperty({ format: 'uuid', description: 'The token id, to list or revoke it' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organizerId: string;

  @ApiProperty({ description: 'Bearer token; shown this once, only its hash is stored' })
  token: string;
}
