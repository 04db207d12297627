import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganizerCaller } from '../../auth/caller';
import { PartnersService } from '../../partners/partners.service';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import { blankForm, EventFormValues, formFromEvent, readEventForm } from './event-form';
import { ctxOf, eventId, OrganizerActions, organizer, redirect, shownInPlace } from './organizer-actions';
import { CancelNotified, EventFormInvalid, OrganizerEventsService } from './organizer-events.service';
import { OrganizerPagesService } from './organizer-pages.service';
import { promotedMessage, redirectWithPromoted } from './registrants/registrants-view';
import { doneMessage, ORGANIZER_PATHS, partiesOf, partnerName, ZoneParty } from './organizer-views';

function intentOf(body: unknown): string {
  const intent = (body as { intent?: unknown } | undefined)?.intent;
  return typeof intent === 'string' ? intent : 'save';
}

/**
 * The organizer pages: dashboard, create and edit a webinar, publish,
 * cancel (co-hosts: `OrganizerCohostsController`). HTTP only: each action goes to the API's services
 * through `OrganizerEventsService`, which authorizes with the API's access
 * matrix (403/404 as in the JSON API); forms re-show themselves on error.
 */
@ConsoleController('events')
@ConsoleAuth('organizer')
export class OrganizerEventsController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly pages: OrganizerPagesService,
    private readonly events: OrganizerEventsService,
    private readonly partners: PartnersService,
    private readonly actions: OrganizerActions,
  ) {}

  @Get()
  async dashboard(@Actor() actor: ConsoleActor, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const caller = organizer(actor);
    const view = await this.renderer.view(request, reply);
    const partner = await this.partners.getBySlug(caller.partnerSlug);
    // Times in the partner's own zone: a Copenhagen co-host reads Copenhagen times.
    const data = await this.pages.dashboard(caller, { ...ctxOf(view), zone: partner.timezone });
    await this.renderer.render(reply, view, 'organizer/dashboard.eta', {
      ...data,
      title: view.t('org.dash.title', { partner: partnerName(partner, view.locale) }),
      done: doneMessage(request.query, view.t),
    });
  }

  @Get('new')
  async newForm(@Actor() actor: ConsoleActor, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const view = await this.renderer.view(request, reply);
    const host = await this.hostParty(organizer(actor), view);
    await this.renderForm(reply, view, 'create', blankForm(host.zone), [host]);
  }

  @Post()
  async create(
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const values = readEventForm(body);
    const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.create });
    const host = await this.hostParty(caller, view);
    if (intentOf(body) === 'preview') return this.renderForm(reply, view, 'create', values, [host]);
    try {
      const event = await this.events.create(caller, values);
      return redirect(reply, ORGANIZER_PATHS.event(event.id), 'created');
    } catch (error) {
      if (!(error instanceof EventFormInvalid)) throw error;
      return this.renderForm(reply, view, 'create', values, [host], error);
    }
  }

  @Get(':id')
  async show(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const view = await this.renderer.view(request, reply);
    const { event, relation } = await this.events.forParty(eventId(id), caller);
    const data = await this.pages.event(event, relation, caller, ctxOf(view));
    const done = [doneMessage(request.query, view.t), promotedMessage(request.query, view.t)].filter(Boolean);
    await this.renderer.render(reply, view, 'organizer/event.eta', {
      ...data,
      done: done.length > 0 ? done.join(' ') : undefined,
    });
  }

  @Get(':id/edit')
  async editForm(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.renderer.view(request, reply);
    const event = await this.events.forEdit(eventId(id), organizer(actor));
    await this.renderForm(
      reply,
      view,
      'edit',
      formFromEvent(event),
      partiesOf(event, ctxOf(view)),
      undefined,
      event.id,
    );
  }

  /**
   * Saves an edit. When it will email registrants (time, title or join link
   * of a published webinar with confirmed registrants), a confirmation page
   * first says how many; its "confirm" posts the same values again.
   */
  @Post(':id')
  async update(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.edit(eventId(id)) });
    const event = await this.events.forEdit(id, caller);
    const values = readEventForm(body);
    const parties = partiesOf(event, ctxOf(view));
    const intent = intentOf(body);
    if (intent === 'preview' || intent === 'back')
      return this.renderForm(reply, view, 'edit', values, parties, undefined, id);
    try {
      if (intent !== 'confirm') {
        const notice = await this.events.editNotice(id, caller, values);
        if (notice) {
          return this.renderer.render(reply, view, 'organizer/notice.eta', {
            title: view.t('org.notice.title'),
            action: ORGANIZER_PATHS.event(id),
            notified: notice.notified,
            changes: this.pages.changes(notice.changed, ctxOf(view)),
            hidden: this.pages.hidden(values),
          });
        }
      }
      const { promoted } = await this.events.update(id, caller, values);
      return redirectWithPromoted(reply, `${ORGANIZER_PATHS.event(id)}?done=saved`, promoted);
    } catch (error) {
      if (!(error instanceof EventFormInvalid)) throw error;
      return this.renderForm(reply, view, 'edit', values, parties, error, id);
    }
  }

  @Post(':id/publish')
  publish(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.actions.run(request, reply, actor, id, 'published', (caller) => this.events.publish(id, caller));
  }

  @Get(':id/cancel')
  async cancelForm(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.renderer.view(request, reply);
    const { event, notified } = await this.events.cancelNotice(eventId(id), organizer(actor));
    await this.renderCancel(reply, view, event.id, event, notified, '');
  }

  @Post(':id/cancel')
  async cancel(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const raw = (body as { reason?: unknown } | undefined)?.reason;
    const reason = typeof raw === 'string' ? raw.slice(0, 2000).replace(/\r\n?/g, '\n').trim() : '';
    const { event, notified } = await this.events.cancelNotice(eventId(id), caller);
    try {
      await this.events.cancel(id, caller, reason);
    } catch (error) {
      if (shownInPlace(error)) return this.actions.showWithRule(request, reply, caller, id, error);
      if (!(error instanceof EventFormInvalid)) throw error;
      const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.cancel(id) });
      return this.renderCancel(reply, view, id, event, notified, reason, true);
    }
    return redirect(reply, ORGANIZER_PATHS.event(id), 'cancelled');
  }

  private async hostParty(caller: OrganizerCaller, view: ConsoleView): Promise<ZoneParty> {
    const partner = await this.partners.getBySlug(caller.partnerSlug);
    return { name: partnerName(partner, view.locale), zone: partner.timezone };
  }

  private async renderForm(
    reply: FastifyReply,
    view: ConsoleView,
    mode: 'create' | 'edit',
    values: EventFormValues,
    parties: ZoneParty[],
    invalid?: EventFormInvalid,
    id?: string,
  ) {
    const title =
      mode === 'create'
        ? view.t('org.form.newTitle')
        : view.t('org.form.editTitle', {
            title: values.titleJa && view.locale === 'ja' ? values.titleJa : values.titleEn || values.titleJa,
          });
    const data = this.pages.form(
      {
        mode,
        action: mode === 'create' ? ORGANIZER_PATHS.dashboard : ORGANIZER_PATHS.event(id!),
        backHref: mode === 'create' ? ORGANIZER_PATHS.dashboard : ORGANIZER_PATHS.event(id!),
        title,
        values,
        parties,
        problems: invalid?.fields,
        rule: invalid?.rule?.message,
      },
      ctxOf(view),
    );
    await this.renderer.render(reply, view, 'organizer/event-form.eta', data, invalid?.status ?? 200);
  }

  private renderCancel(
    reply: FastifyReply,
    view: ConsoleView,
    id: string,
    event: { titleEn: string | null; titleJa: string | null },
    notified: CancelNotified,
    reason: string,
    invalidReason = false,
  ) {
    const title = view.locale === 'ja' ? (event.titleJa ?? event.titleEn) : (event.titleEn ?? event.titleJa);
    return this.renderer.render(
      reply,
      view,
      'organizer/cancel.eta',
      {
        title: view.t('org.cancel.title', { title: title ?? '' }),
        action: ORGANIZER_PATHS.cancel(id),
        backHref: ORGANIZER_PATHS.event(id),
        notified,
        reason,
        reasonError: invalidReason ? view.t('org.field.reason') : undefined,
      },
      invalidReason ? 400 : 200,
    );
  }
}
