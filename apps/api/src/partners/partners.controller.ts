import { Body, Controller, Get, Param, Post } from '@nestjs/common';
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
import { CreatePartnerDto } from './dto/create-partner.dto';
import { PartnerResponseDto } from './dto/partner-response.dto';
import { PartnersService } from './partners.service';

@ApiTags('partners')
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post()
  @Auth('admin')
  @ApiOperation({ summary: 'Register a partner organization (hub admin)' })
  @ApiCreatedResponse({ type: PartnerResponseDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Slug taken', type: ErrorBodyDto })
  async create(@Body() dto: CreatePartnerDto): Promise<PartnerResponseDto> {
    return PartnerResponseDto.from(await this.partners.create(dto));
  }

  @Get()
  @ApiOperation({ summary: 'List partners (public)' })
  @ApiOkResponse({ type: [PartnerResponseDto] })
  async list(): Promise<PartnerResponseDto[]> {
    return (await this.partners.list()).map(PartnerResponseDto.from);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One partner by slug (public)' })
  @ApiOkResponse({ type: PartnerResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async get(@Param('slug') slug: string): Promise<PartnerResponseDto> {
    return PartnerResponseDto.from(await this.partners.getBySlug(slug));
  }
}
