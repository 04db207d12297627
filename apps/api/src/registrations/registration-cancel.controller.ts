import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorBodyDto } from '../http/error-body';
import { RateLimit } from '../throttling/rate-limit.guard';
import { CancelRegistrationDto, RegistrationCancelledDto } from './dto/cancel.dto';
import { RegistrationCancellationService } from './registration-cancellation.service';

@ApiTags('registrations')
@Controller('registrations')
export class RegistrationCancelController {
  constructor(private readonly cancellation: RegistrationCancellationService) {}

  @Post('cancel')
  @HttpCode(200)
  @RateLimit('cancel')
  @ApiOperation({
    summary: 'Cancel a registration with the token of its cancel link (public)',
    description: 'Single use. Unknown and already used tokens get the same 404.',
  })
  @ApiOkResponse({ type: RegistrationCancelledDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ description: 'Unknown or used token (same body)', type: ErrorBodyDto })
  cancel(@Body() dto: CancelRegistrationDto): Promise<RegistrationCancelledDto> {
    return this.cancellation.cancelByToken(dto.token);
  }
}
