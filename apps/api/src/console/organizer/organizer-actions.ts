import { DomainError, NotFoundError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganizerCaller } from '../../auth/caller';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import { callerOf, type ConsoleActor } from '../session/console-actor';
import { OrganizerEventsService } from './organizer-events.service';
import { OrganizerPagesService } from './organizer-pages.service';
import { Done, ORGANIZER_PATHS, ViewCtx } from './organizer-views';

const ID = /^[A-Za-z0-9-]{1,100}$/;

/** An event id or slug from the path; anything else is 404 before any query. */
export function eventId(id: string): string {
  if (!ID.test(id)) throw new NotFoundError('EVENT_NOT_FOUND', 'No such event');
  return id;
}

/** The API's caller of an organizer actor (the routes are `@ConsoleAuth('organizer')`). */
export function organizer(actor: ConsoleActor): OrganizerCaller {
  return callerOf(actor) as OrganizerCaller;
}

export function ctxOf(view: ConsoleView): ViewCtx {
  return { t: view.t, locale: view.locale };
}

/** 303 to `path` with the message of what was done. */
export function redirect(reply: FastifyReply, path: string, done: Done) {
  return reply.status(303).header('location', `${path}?done=${done}`).header('cache-control', 'no-store').send();
}

/** A domain refusal a page shows in place (409/422), rather than as an error page. */
export function shownInPlace(error: unknown): error is DomainError {
  return error instanceof DomainError && (error.kind === 'conflict' || error.kind === 'rule');
}

/** The one-button actions of the webinar page (publish, invite, accept...), shared by its controllers. */
@Injectable()
export class OrganizerActions {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly pages: OrganizerPagesService,
    private readonly events: OrganizerEventsService,
  ) {}

  /** A one-button action: done -> back to the event page with a message; a refused rule -> the page says why. */
  async run(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: ConsoleActor,
    id: string,
    done: Done,
    action: (caller: OrganizerCaller) => Promise<unknown>,
  ) {
    const caller = organizer(actor);
    eventId(id);
    try {
      await action(caller);
    } catch (error) {
      if (!shownInPlace(error)) throw error;
      return this.showWithRule(request, reply, caller, id, error);
    }
    // A declined invitation leaves nothing for the partner to manage here.
    return redirect(reply, done === 'declined' ? ORGANIZER_PATHS.dashboard : ORGANIZER_PATHS.event(id), done);
  }

  async showWithRule(
    request: FastifyRequest,
    reply: FastifyReply,
    caller: OrganizerCaller,
    id: string,
    error: DomainError,
  ) {
    const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.event(id) });
    const { event, relation } = await this.events.forParty(id, caller);
    const data = await this.pages.event(event, relation, caller, ctxOf(view));
    const status = error.kind === 'conflict' ? 409 : 422;
    await this.renderer.render(reply, view, 'organizer/event.eta', { ...data, rule: error.message }, status);
  }
}
