import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import { ErrorBodyDto } from '../http/error-body';
import { CreateOrganizerDto, OrganizerCreatedDto } from './dto/organizer.dto';
import { OrganizersService } from './organizers.service';

@ApiTags('partners')
@Controller('partners/:slug/organizers')
export class OrganizersController {
  constructor(private readonly organizers: OrganizersService) {}

  @Post()
  @Auth('admin')
  @ApiOperation({ summary: 'Add an organizer to a partner and issue their token (hub admin); the token is shown once' })
  @ApiCreatedResponse({ type: OrganizerCreatedDto })
  @ApiNotFoundResponse({ description: 'Unknown partner', type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Already an organizer of this partner', type: ErrorBodyDto })
  create(@Param('slug') slug: string, @Body() dto: CreateOrganizerDto): Promise<OrganizerCreatedDto> {
    return this.organizers.create(slug, dto);
  }
}
