import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import { ErrorBodyDto } from '../http/error-body';
import {
  CreateMemberOrganizationDto,
  ImportMemberOrganizationsDto,
  MemberOrganizationDto,
  RosterImportReportDto,
  UpdateMemberOrganizationDto,
} from './dto/member-organization.dto';
import { MembersService } from './members.service';

@ApiTags('member-organizations')
@Controller('member-organizations')
@Auth('admin')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: "The hub's member organizations (hub admin)" })
  @ApiOkResponse({ type: [MemberOrganizationDto] })
  list(): Promise<MemberOrganizationDto[]> {
    return this.members.list();
  }

  @Post()
  @ApiOperation({ summary: 'Add a member organization with its email domains (hub admin)' })
  @ApiCreatedResponse({ type: MemberOrganizationDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'A domain already belongs to another organization', type: ErrorBodyDto })
  create(@Body() dto: CreateMemberOrganizationDto): Promise<MemberOrganizationDto> {
    return this.members.create(dto);
  }

  @Patch(':orgId')
  @ApiOperation({ summary: 'Rename a member organization or replace its domains (hub admin)' })
  @ApiOkResponse({ type: MemberOrganizationDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'A domain already belongs to another organization', type: ErrorBodyDto })
  update(
    @Param('orgId', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateMemberOrganizationDto,
  ): Promise<MemberOrganizationDto> {
    return this.members.update(id, dto);
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import member organizations from a CSV (hub admin)',
    description:
      'Adds every acceptable line in one transaction and reports the others (missing name, bad or duplicate ' +
      'domain) with their line number. Domains already on the roster are duplicates.',
  })
  @ApiOkResponse({ type: RosterImportReportDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  import(@Body() dto: ImportMemberOrganizationsDto): Promise<RosterImportReportDto> {
    return this.members.import(dto.csv);
  }
}
