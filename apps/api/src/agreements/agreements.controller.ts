import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import { auditActorOf } from '../privacy/audit-actor';
import { Caller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import { AgreementsService } from './agreements.service';
import { AgreementResponseDto, CreateAgreementDto, TerminateAgreementDto } from './dto/agreement.dto';
import { TerminationPreviewDto, TerminationPreviewQueryDto } from './dto/termination-preview.dto';

const today = () => new Date().toISOString().slice(0, 10);

@ApiTags('agreements')
@Controller('agreements')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Post()
  @Auth('admin')
  @ApiOperation({ summary: 'Record an MOC or MOU between two partners (hub admin)' })
  @ApiCreatedResponse({ type: AgreementResponseDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({ description: 'Unknown partner', type: ErrorBodyDto })
  async create(@Body() dto: CreateAgreementDto, @CurrentCaller() caller: Caller): Promise<AgreementResponseDto> {
    return AgreementResponseDto.from(await this.agreements.create(dto, auditActorOf(caller)), today());
  }

  @Get()
  @Auth('admin', 'organizer')
  @ApiOperation({ summary: 'List agreements: all for the admin, those of their partner for an organizer' })
  @ApiOkResponse({ type: [AgreementResponseDto] })
  async list(@CurrentCaller() caller: Caller): Promise<AgreementResponseDto[]> {
    const list = await this.agreements.list(caller.role === 'organizer' ? caller.partnerId : undefined);
    const day = today();
    return list.map((a) => AgreementResponseDto.from(a, day));
  }

  @Get(':id/termination-preview')
  @Auth('admin')
  @ApiOperation({
    summary: 'The webinars whose co-hosting a termination on `on` would end (hub admin, before confirming)',
  })
  @ApiOkResponse({ type: TerminationPreviewDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async terminationPreview(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: TerminationPreviewQueryDto,
  ): Promise<TerminationPreviewDto> {
    const ended = await this.agreements.terminationPreview(id, query.on);
    return {
      agreementId: id,
      terminatedOn: query.on,
      events: ended.map((e) => ({
        id: e.eventId,
        slug: e.slug,
        title: e.title,
        startsAt: e.startsAt.toISOString(),
        endsAt: e.endsAt.toISOString(),
        hostPartnerId: e.hostPartnerId,
        cohostPartnerId: e.cohostPartnerId,
      })),
    };
  }

  @Post(':id/terminate')
  @HttpCode(200)
  @Auth('admin')
  @ApiOperation({ summary: 'Terminate an agreement from a date on (hub admin)' })
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Already terminated', type: ErrorBodyDto })
  async terminate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: TerminateAgreementDto,
    @CurrentCaller() caller: Caller,
  ): Promise<AgreementResponseDto> {
    return AgreementResponseDto.from(await this.agreements.terminate(id, dto, auditActorOf(caller)), today());
  }
}
