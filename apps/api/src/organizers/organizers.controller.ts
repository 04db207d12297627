import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import { TokensService } from '../auth/tokens.service';
import { ErrorBodyDto } from '../http/error-body';
import { CreateOrganizerDto, OrganizerCreatedDto } from './dto/organizer.dto';
import { OrganizerTokensDto } from './dto/token.dto';
import { OrganizersService } from './organizers.service';

@ApiTags('partners')
@Controller('partners/:slug/organizers')
export class OrganizersController {
  constructor(
    private readonly organizers: OrganizersService,
    private readonly tokens: TokensService,
  ) {}

  @Post()
  @Auth('admin')
  @ApiOperation({ summary: 'Add an organizer to a partner and issue their token (hub admin); the token is shown once' })
  @ApiCreatedResponse({ type: OrganizerCreatedDto })
  @ApiNotFoundResponse({ description: 'Unknown partner', type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Already an organizer of this partner', type: ErrorBodyDto })
  create(@Param('slug') slug: string, @Body() dto: CreateOrganizerDto): Promise<OrganizerCreatedDto> {
    return this.organizers.create(slug, dto);
  }

  @Get()
  @Auth('admin')
  @ApiOperation({
    summary: "List a partner's organizers and their tokens (hub admin)",
    description:
      'Token ids, creation and revocation times, never secrets or hashes. Revoke one with `POST /tokens/{id}/revoke`.',
  })
  @ApiOkResponse({ type: [OrganizerTokensDto] })
  @ApiNotFoundResponse({ description: 'Unknown partner', type: ErrorBodyDto })
  async list(@Param('slug') slug: string): Promise<OrganizerTokensDto[]> {
    return (await this.tokens.listForPartner(slug)).map((o) => OrganizerTokensDto.from(o));
  }
}
