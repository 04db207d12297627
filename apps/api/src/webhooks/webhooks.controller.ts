import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import type { OrganizerCaller } from '../auth/caller';
import {
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookAttemptDto,
  WebhookEndpointDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook-endpoint.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks/endpoints')
@Auth('organizer')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: "Register an endpoint of the caller's partner; its signing secret is shown once" })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  create(@CurrentCaller() caller: OrganizerCaller, @Body() dto: CreateWebhookEndpointDto) {
    return this.webhooks.create(caller, dto);
  }

  @Get()
  @ApiOkResponse({ type: WebhookEndpointDto, isArray: true })
  list(@CurrentCaller() caller: OrganizerCaller) {
    return this.webhooks.list(caller);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookEndpointDto })
  get(@CurrentCaller() caller: OrganizerCaller, @Param('id') id: string) {
    return this.webhooks.get(caller, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL, the event types, or enable/disable (enabling clears a disabled reason)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  update(@CurrentCaller() caller: OrganizerCaller, @Param('id') id: string, @Body() dto: UpdateWebhookEndpointDto) {
    return this.webhooks.update(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentCaller() caller: OrganizerCaller, @Param('id') id: string): Promise<void> {
    await this.webhooks.remove(caller, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new secret (shown once); the previous one still signs for 24 hours' })
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  rotate(@CurrentCaller() caller: OrganizerCaller, @Param('id') id: string) {
    return this.webhooks.rotate(caller, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first: status code, latency, attempt, response excerpt, error' })
  @ApiOkResponse({ type: WebhookAttemptDto, isArray: true })
  deliveries(@CurrentCaller() caller: OrganizerCaller, @Param('id') id: string) {
    return this.webhooks.attempts(caller, id);
  }

  @Post(':id/messages/:messageId/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a message again (same webhook-id, a fresh retry schedule)' })
  @ApiAcceptedResponse()
  async resend(
    @CurrentCaller() caller: OrganizerCaller,
    @Param('id') id: string,
    @Param('messageId') messageId: string,
  ): Promise<void> {
    await this.webhooks.resend(caller, id, messageId);
  }
}
