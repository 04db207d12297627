import { AddressAllowList, checkWebhookTarget, ForbiddenTargetError } from '@cohost/common';
import { AppConfig } from '@cohost/config';
import {
  newWebhookSecret,
  sealSecret,
  WebhooksRepository,
  type WebhookAttemptRow,
  type WebhookEndpointRow,
} from '@cohost/database';
import { ConflictError, InvalidInputError, NotFoundError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganizerCaller } from '../auth/caller';
import type {
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookAttemptDto,
  WebhookEndpointDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook-endpoint.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A partner's webhook endpoints, as its organizers manage them (the JSON API; a console page would call the same). */
@Injectable()
export class WebhooksService {
  private readonly allow: AddressAllowList;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.allow = new AddressAllowList(config.webhooks.allowHosts);
  }

  async create(caller: OrganizerCaller, dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    const key = this.secretKey();
    const url = await this.checkedUrl(dto.url);
    const secret = newWebhookSecret();
    const row = await WebhooksRepository.createEndpoint(this.dataSource.manager, {
      partnerId: caller.partnerId,
      url,
      eventTypes: dto.eventTypes,
      enabled: dto.enabled ?? true,
      secretEnc: sealSecret(secret, key),
    });
    return { ...present(row), secret };
  }

  async list(caller: OrganizerCaller): Promise<WebhookEndpointDto[]> {
    return (await WebhooksRepository.listEndpoints(this.dataSource.manager, caller.partnerId)).map(present);
  }

  async get(caller: OrganizerCaller, id: string): Promise<WebhookEndpointDto> {
    return present(await this.owned(caller, id));
  }

  async update(caller: OrganizerCaller, id: string, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    await this.owned(caller, id);
    const url = dto.url === undefined ? undefined : await this.checkedUrl(dto.url);
    return present(await WebhooksRepository.updateEndpoint(this.dataSource.manager, id, { ...dto, url }));
  }

  async remove(caller: OrganizerCaller, id: string): Promise<void> {
    await this.owned(caller, id);
    await WebhooksRepository.deleteEndpoint(this.dataSource.manager, id);
  }

  /** A new secret, shown once; the previous one keeps signing (beside it) for 24 hours. */
  async rotate(caller: OrganizerCaller, id: string, now = new Date()): Promise<WebhookEndpointWithSecretDto> {
    const key = this.secretKey();
    await this.owned(caller, id);
    const secret = newWebhookSecret();
    const row = await WebhooksRepository.rotateSecret(this.dataSource.manager, id, sealSecret(secret, key), now);
    return { ...present(row), secret };
  }

  async attempts(caller: OrganizerCaller, id: string, limit = 100, offset = 0): Promise<WebhookAttemptDto[]> {
    await this.owned(caller, id);
    return (await WebhooksRepository.attempts(this.dataSource.manager, id, limit, offset)).map(presentAttempt);
  }

  async resend(caller: OrganizerCaller, id: string, messageId: string): Promise<void> {
    await this.owned(caller, id);
    if (!/^\d{1,18}$/.test(messageId) || !(await WebhooksRepository.resend(this.dataSource.manager, id, messageId))) {
      throw new NotFoundError('webhook_message_not_found', 'No such message for this endpoint');
    }
  }

  private async owned(caller: OrganizerCaller, id: string): Promise<WebhookEndpointRow> {
    const row = UUID.test(id) ? await WebhooksRepository.findEndpoint(this.dataSource.manager, id) : null;
    if (!row || row.partnerId !== caller.partnerId) {
      throw new NotFoundError('webhook_endpoint_not_found', 'No such webhook endpoint');
    }
    return row;
  }

  private secretKey(): Buffer {
    const key = this.config.webhooks.secretKey;
    if (!key) throw new ConflictError('webhooks_not_configured', 'Webhooks need WEBHOOK_SECRET_KEY on this platform');
    return key;
  }

  /** Refused unless https to public addresses after DNS (or allow-listed in config). */
  private async checkedUrl(raw: string): Promise<string> {
    try {
      return (await checkWebhookTarget(raw.trim(), this.allow)).url.toString();
    } catch (error) {
      if (error instanceof ForbiddenTargetError) {
        throw new InvalidInputError(`webhook_url_${error.code}`, `url: ${error.message}`);
      }
      throw error;
    }
  }
}

function present(row: WebhookEndpointRow): WebhookEndpointDto {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    previousSecretExpiresAt:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
        ? row.previousSecretExpiresAt.toISOString()
        : null,
    createdAt: row.createdAt.toISOString(),
  };
}

function presentAttempt(row: WebhookAttemptRow): WebhookAttemptDto {
  return {
    messageId: row.messageId,
    msgId: row.msgId,
    type: row.type,
    messageStatus: row.messageStatus,
    attempt: row.attempt,
    statusCode: row.statusCode,
    latencyMs: row.latencyMs,
    responseExcerpt: row.responseExcerpt,
    error: row.error,
    at: row.createdAt.toISOString(),
  };
}
