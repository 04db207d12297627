import { NotFoundError, PARTNER_SLUG_PATTERN } from '@cohost/domain';
import { Body, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import { OrganizerActions } from './organizer-actions';
import { OrganizerEventsService } from './organizer-events.service';

/**
 * Co-hosting from the webinar page: the host invites and removes partners,
 * the invited partner's organizers accept or decline. `CohostsService` and
 * the access matrix decide; a refused rule (no covering agreement) is shown
 * on the page with the API's message and status.
 */
@ConsoleController('events')
@ConsoleAuth('organizer')
export class OrganizerCohostsController {
  constructor(
    private readonly actions: OrganizerActions,
    private readonly events: OrganizerEventsService,
  ) {}

  @Post(':id/cohosts')
  invite(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const partner = (body as { partner?: unknown } | undefined)?.partner;
    const slug =
      typeof partner === 'string' && PARTNER_SLUG_PATTERN.test(partner) && partner.length <= 100 ? partner : '';
    return this.actions.run(request, reply, actor, id, 'invited', (caller) => this.events.invite(id, caller, slug));
  }

  @Post(':id/cohosts/:slug/remove')
  remove(
    @Param('id') id: string,
    @Param('slug') slug: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!PARTNER_SLUG_PATTERN.test(slug)) throw new NotFoundError('COHOST_NOT_FOUND', 'No such co-host');
    return this.actions.run(request, reply, actor, id, 'removed', (caller) =>
      this.events.removeCohost(id, caller, slug),
    );
  }

  @Post(':id/accept')
  accept(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.actions.run(request, reply, actor, id, 'accepted', (caller) => this.events.accept(id, caller));
  }

  @Post(':id/decline')
  decline(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.actions.run(request, reply, actor, id, 'declined', (caller) => this.events.decline(id, caller));
  }
}
