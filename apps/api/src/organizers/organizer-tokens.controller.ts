import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { TokensService } from '../auth/tokens.service';
import { ErrorBodyDto } from '../http/error-body';
import { TokenIssuedDto, TokenSummaryDto } from './dto/token.dto';

@ApiTags('tokens')
@Controller()
export class OrganizerTokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post('organizers/:id/tokens')
  @Auth('admin')
  @ApiOperation({
    summary: 'Issue another token to an organizer (hub admin); the token is shown once',
    description: 'E.g. to replace a revoked one. Earlier tokens stay valid until revoked.',
  })
  @ApiCreatedResponse({ type: TokenIssuedDto })
  @ApiNotFoundResponse({ description: 'Unknown organizer', type: ErrorBodyDto })
  issue(@Param('id', new ParseUUIDPipe()) id: string): Promise<TokenIssuedDto> {
    return this.tokens.issueForOrganizer(id);
  }

  @Post('tokens/:id/revoke')
  @HttpCode(200)
  @Auth('admin', 'organizer')
  @ApiOperation({
    summary: 'Revoke a token: refused from the next request on (hub admin: any; organizer: only their own)',
    description:
      'Idempotent: revoking a revoked token answers it unchanged, with its first revocation time. An organizer ' +
      'may revoke their own tokens, the one in use too (a leaked token should not wait for the hub); another ' +
      "organizer's token is 403 `TOKEN_NOT_YOURS`. `ADMIN_TOKEN` from the configuration is not a row and cannot " +
      'be revoked here.',
  })
  @ApiOkResponse({ type: TokenSummaryDto })
  @ApiNotFoundResponse({ description: 'Unknown token', type: ErrorBodyDto })
  async revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentCaller() caller: Caller,
  ): Promise<TokenSummaryDto> {
    return TokenSummaryDto.from(await this.tokens.revokeAs(caller, id));
  }
}
