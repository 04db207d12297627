import { ConflictError, InvalidInputError, NotFoundError, WEBHOOK_EVENT_TYPES } from '@cohost/domain';
import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OrganizerCaller } from '../../auth/caller';
import { formatInstant } from '../../pages/page-format';
import { PartnersService } from '../../partners/partners.service';
import { CreateWebhookEndpointDto, WebhookEndpointDto } from '../../webhooks/dto/webhook-endpoint.dto';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { FieldError, validateInto } from '../console-form';
import { CONSOLE_PATHS } from '../console-paths';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import { organizer } from './organizer-actions';
import { WebhookSecretReveals } from './webhook-secret-reveals';

const BASE = CONSOLE_PATHS.organizer.webhooks;
export const WEBHOOK_PATHS = {
  list: BASE,
  endpoint: (id: string) => `${BASE}/${id}`,
  secret: (id: string) => `${BASE}/${id}/secret`,
  enable: (id: string) => `${BASE}/${id}/enable`,
  disable: (id: string) => `${BASE}/${id}/disable`,
  rotate: (id: string) => `${BASE}/${id}/rotate`,
  delete: (id: string) => `${BASE}/${id}/delete`,
  resend: (id: string, messageId: string) => `${BASE}/${id}/messages/${messageId}/resend`,
} as const;

/** Delivery log rows per page. */
const LOG_PAGE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Flash messages after a redirect (`?done=`): only these. */
const DONE = ['enabled', 'disabled', 'deleted', 'resent'] as const;
type Done = (typeof DONE)[number];

interface CreateForm {
  url: string;
  eventTypes: string[];
  enabled: boolean;
}

/** An endpoint id from the path; anything else is 404 before any query (as the API's service answers). */
function endpointId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundError('webhook_endpoint_not_found', 'No such webhook endpoint');
  return id;
}

function seeOther(reply: FastifyReply, path: string, done: Done) {
  return reply.status(303).header('location', `${path}?done=${done}`).header('cache-control', 'no-store').send();
}

function pageOf(query: unknown): number {
  const raw = (query as { page?: unknown } | undefined)?.page;
  const page = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, page);
}

function doneOf(query: unknown, view: ConsoleView): string | undefined {
  const done = (query as { done?: unknown } | undefined)?.done;
  return typeof done === 'string' && (DONE as readonly string[]).includes(done)
    ? view.t(`org.wh.done.${done as Done}`)
    : undefined;
}

/**
 * The organizer's webhooks pages (`/console/webhooks`): the endpoints of the
 * signed-in organizer's partner, adding one (the secret shown once, on the
 * GET after the POST: `WebhookSecretReveals`), rotating its secret (likewise), enabling, disabling, deleting it (after a
 * confirmation), and its delivery log with "send again". Every action goes
 * to the JSON API's `WebhooksService`, which checks that the endpoint is the
 * partner's (404 otherwise) and the URL's address (SSRF).
 */
@ConsoleController('webhooks')
@ConsoleAuth('organizer')
export class OrganizerWebhooksController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly webhooks: WebhooksService,
    private readonly partners: PartnersService,
    private readonly reveals: WebhookSecretReveals,
  ) {}

  @Get()
  async list(@Actor() actor: ConsoleActor, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const view = await this.renderer.view(request, reply);
    await this.renderList(
      reply,
      view,
      organizer(actor),
      { url: '', eventTypes: [], enabled: true },
      {
        done: doneOf(request.query, view),
      },
    );
  }

  @Post()
  async create(
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const fields = (body ?? {}) as Record<string, unknown>;
    const form: CreateForm = {
      url: typeof fields.url === 'string' ? fields.url.slice(0, 2100).trim() : '',
      eventTypes: [fields.eventTypes]
        .flat()
        .filter((v): v is string => typeof v === 'string')
        .slice(0, 50),
      enabled: fields.enabled === 'on',
    };
    const view = await this.renderer.view(request, reply, { path: BASE });
    const check = await validateInto(CreateWebhookEndpointDto, form);
    if (!check.ok) {
      const errors: FieldError[] = [];
      if (check.fields.url) errors.push({ id: 'f-url', field: 'url', message: view.t('org.wh.field.url') });
      if (Object.keys(check.fields).some((path) => path.startsWith('eventTypes'))) {
        errors.push({ id: 'f-type-0', field: 'eventTypes', message: view.t('org.wh.field.eventTypes') });
      }
      return this.renderList(reply, view, caller, form, { errors, status: 400 });
    }
    try {
      const created = await this.webhooks.create(caller, check.value);
      // Post/redirect/get: the secret is shown by the GET that follows, once; a reload posts nothing again.
      await this.reveals.grant(actor.sessionId, created.id, 'created');
      return reply
        .status(303)
        .header('location', WEBHOOK_PATHS.secret(created.id))
        .header('cache-control', 'no-store')
        .send();
    } catch (error) {
      if (error instanceof InvalidInputError && error.code.startsWith('webhook_url_')) {
        const reason = error.message.replace(/^url: /, '');
        const errors = [{ id: 'f-url', field: 'url', message: view.t('org.wh.refused', { reason }) }];
        return this.renderList(reply, view, caller, form, { errors, status: 400 });
      }
      if (error instanceof ConflictError && error.code === 'webhooks_not_configured') {
        return this.renderList(reply, view, caller, form, { problem: view.t('org.wh.notConfigured'), status: 409 });
      }
      throw error;
    }
  }

  @Get(':id')
  async endpoint(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const endpoint = await this.webhooks.get(caller, endpointId(id));
    const view = await this.renderer.view(request, reply);
    const page = pageOf(query);
    // One row more than shown says whether an older page exists.
    const attempts = await this.webhooks.attempts(caller, endpoint.id, LOG_PAGE + 1, (page - 1) * LOG_PAGE);
    const zone = await this.zoneOf(caller);
    const when = (iso: string) => formatInstant(new Date(iso), view.locale, zone);
    await this.renderer.render(reply, view, 'organizer/webhook.eta', {
      title: view.t('org.wh.detailTitle', { url: endpoint.url }),
      done: doneOf(query, view),
      endpoint: this.row(endpoint, view),
      disabledAt: endpoint.disabledAt ? when(endpoint.disabledAt) : null,
      previousUntil: endpoint.previousSecretExpiresAt ? when(endpoint.previousSecretExpiresAt) : null,
      paths: {
        list: BASE,
        enable: WEBHOOK_PATHS.enable(endpoint.id),
        disable: WEBHOOK_PATHS.disable(endpoint.id),
        rotate: WEBHOOK_PATHS.rotate(endpoint.id),
        delete: WEBHOOK_PATHS.delete(endpoint.id),
      },
      page,
      newer: page > 1 ? `${WEBHOOK_PATHS.endpoint(endpoint.id)}?page=${page - 1}` : null,
      older: attempts.length > LOG_PAGE ? `${WEBHOOK_PATHS.endpoint(endpoint.id)}?page=${page + 1}` : null,
      attempts: attempts.slice(0, LOG_PAGE).map((a) => ({
        ...a,
        when: when(a.at),
        messageLabel: view.t(`org.wh.msg.${a.messageStatus as 'pending'}`),
        latency: view.t('org.wh.latencyMs', { ms: a.latencyMs }),
        resend: WEBHOOK_PATHS.resend(endpoint.id, a.messageId),
        resendLabel: view.t('org.wh.resendLabel', { id: a.msgId }),
      })),
    });
  }

  @Post(':id/enable')
  async enable(@Param('id') id: string, @Actor() actor: ConsoleActor, @Res() reply: FastifyReply) {
    await this.webhooks.update(organizer(actor), endpointId(id), { enabled: true });
    return seeOther(reply, WEBHOOK_PATHS.endpoint(id), 'enabled');
  }

  @Post(':id/disable')
  async disable(@Param('id') id: string, @Actor() actor: ConsoleActor, @Res() reply: FastifyReply) {
    await this.webhooks.update(organizer(actor), endpointId(id), { enabled: false });
    return seeOther(reply, WEBHOOK_PATHS.endpoint(id), 'disabled');
  }

  @Post(':id/rotate')
  async rotate(@Param('id') id: string, @Actor() actor: ConsoleActor, @Res() reply: FastifyReply) {
    const rotated = await this.webhooks.rotate(organizer(actor), endpointId(id));
    await this.reveals.grant(actor.sessionId, rotated.id, 'rotated');
    return reply
      .status(303)
      .header('location', WEBHOOK_PATHS.secret(rotated.id))
      .header('cache-control', 'no-store')
      .send();
  }

  /** The secret just made, shown once to the session that made it; any later visit goes to the endpoint page. */
  @Get(':id/secret')
  async secret(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const endpoint = await this.webhooks.get(caller, endpointId(id));
    const shown = await this.reveals.take(actor.sessionId, endpoint.id);
    if (!shown) {
      return reply
        .status(303)
        .header('location', WEBHOOK_PATHS.endpoint(endpoint.id))
        .header('cache-control', 'no-store')
        .send();
    }
    const view = await this.renderer.view(request, reply);
    return this.renderSecret(
      reply,
      view,
      { ...endpoint, secret: shown.secret },
      shown.reason,
      await this.zoneOf(caller),
    );
  }

  @Get(':id/delete')
  async confirmDelete(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const endpoint = await this.webhooks.get(organizer(actor), endpointId(id));
    const view = await this.renderer.view(request, reply);
    await this.renderer.render(reply, view, 'organizer/webhook-delete.eta', {
      title: view.t('org.wh.deleteTitle', { url: endpoint.url }),
      action: WEBHOOK_PATHS.delete(endpoint.id),
      back: WEBHOOK_PATHS.endpoint(endpoint.id),
    });
  }

  @Post(':id/delete')
  async delete(@Param('id') id: string, @Actor() actor: ConsoleActor, @Res() reply: FastifyReply) {
    await this.webhooks.remove(organizer(actor), endpointId(id));
    return seeOther(reply, BASE, 'deleted');
  }

  @Post(':id/messages/:messageId/resend')
  async resend(
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Actor() actor: ConsoleActor,
    @Res() reply: FastifyReply,
  ) {
    await this.webhooks.resend(organizer(actor), endpointId(id), messageId);
    return seeOther(reply, WEBHOOK_PATHS.endpoint(id), 'resent');
  }

  private async zoneOf(caller: OrganizerCaller): Promise<string> {
    return (await this.partners.getBySlug(caller.partnerSlug)).timezone;
  }

  private row(endpoint: WebhookEndpointDto, view: ConsoleView) {
    const state = endpoint.enabled ? 'enabled' : ((endpoint.disabledReason as 'gone' | 'failing' | null) ?? 'disabled');
    return {
      id: endpoint.id,
      url: endpoint.url,
      href: WEBHOOK_PATHS.endpoint(endpoint.id),
      eventTypes: endpoint.eventTypes,
      enabled: endpoint.enabled,
      state,
      stateLabel: view.t(`org.wh.state.${state}`),
      openLabel: view.t('org.wh.openLabel', { url: endpoint.url }),
    };
  }

  private async renderList(
    reply: FastifyReply,
    view: ConsoleView,
    caller: OrganizerCaller,
    form: CreateForm,
    outcome: { done?: string; errors?: FieldError[]; problem?: string; status?: number },
  ) {
    const partner = await this.partners.getBySlug(caller.partnerSlug);
    const endpoints = await this.webhooks.list(caller);
    const errors = outcome.errors ?? [];
    await this.renderer.render(
      reply,
      view,
      'organizer/webhooks.eta',
      {
        title: view.t('org.wh.title', {
          partner: view.locale === 'ja' ? (partner.nameJa ?? partner.nameEn) : partner.nameEn,
        }),
        done: outcome.done,
        action: BASE,
        endpoints: endpoints.map((e) => this.row(e, view)),
        types: WEBHOOK_EVENT_TYPES.map((type, i) => ({
          type,
          id: `f-type-${i}`,
          checked: form.eventTypes.includes(type),
        })),
        values: form,
        errors,
        error: errors.length > 0 ? view.t('form.invalid') : (outcome.problem ?? null),
      },
      outcome.status ?? 200,
    );
  }

  /** The secret, this once (no-store). */
  private async renderSecret(
    reply: FastifyReply,
    view: ConsoleView,
    endpoint: WebhookEndpointDto & { secret: string },
    why: 'created' | 'rotated',
    zone: string,
  ) {
    await this.renderer.render(reply, view, 'organizer/webhook-secret.eta', {
      title: view.t('org.wh.secretTitle', { url: endpoint.url }),
      notice:
        why === 'created'
          ? view.t('org.wh.secretCreated')
          : view.t('org.wh.secretRotated', {
              until: endpoint.previousSecretExpiresAt
                ? formatInstant(new Date(endpoint.previousSecretExpiresAt), view.locale, zone)
                : '',
            }),
      secret: endpoint.secret,
      next: WEBHOOK_PATHS.endpoint(endpoint.id),
    });
  }
}
