import { ConflictError, encodeCursor, InvalidInputError, labelIn, NotFoundError } from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventEntity } from '@cohost/database';
import { PartnersService } from '../../../partners/partners.service';
import { RegistrationItemDto } from '../../../registrations/dto/registration-list.dto';
import { RegistrationCancellationService } from '../../../registrations/registration-cancellation.service';
import { answerColumns, RegistrationViewsService } from '../../../registrations/registration-views.service';
import { zoneName } from '../../../pages/page-format';
import { ConsoleRenderer, ConsoleView } from '../../console-renderer.service';
import type { ConsoleActor } from '../../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../../session/console-auth';
import { eventId, organizer } from '../organizer-actions';
import { OrganizerEventsService } from '../organizer-events.service';
import { eventTitle, ORGANIZER_PATHS, partnerName } from '../organizer-views';
import { PAGE_SIZE, readTableQuery, TableFilters, TableQuery, tableHref } from './registrants-query';
import { cancelledMessage, redirectWithPromoted, registrantRow } from './registrants-view';

/** A registration id from the path: a UUID, else 404 before any query. */
const REGISTRATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The registrant table of a webinar (`/console/events/:id/registrations`):
 * status, name, organization, email, language, partner, registered at,
 * attended and the answers to the questions; filtered by status and partner,
 * searched, paged by keyset; the CSV of the same filters; cancelling a
 * registration after a confirmation. Everything goes through the JSON API's
 * services (`RegistrationViewsService`, `RegistrationCancellationService`),
 * which authorize with the access matrix: a co-host sees only registrants
 * who consented to share, and how many others there are.
 */
@ConsoleController('events')
@ConsoleAuth('organizer')
export class OrganizerRegistrantsController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly events: OrganizerEventsService,
    private readonly views: RegistrationViewsService,
    private readonly cancellation: RegistrationCancellationService,
    private readonly partners: PartnersService,
  ) {}

  @Get(':id/registrations')
  async table(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const { event } = await this.events.forParty(eventId(id), caller);
    const query = await readTableQuery(request.query);
    const view = await this.renderer.view(request, reply);
    const page = await this.views.page(event.id, caller, {
      ...query.dto,
      limit: PAGE_SIZE,
      ...(query.after ? { after: query.after } : {}),
      ...(query.before ? { before: query.before } : {}),
    });
    const { t, locale } = view;
    const count = (n: number) => n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB');
    // Partners by slug (the hub has a few dozen): names for the `via` column and filter, the viewer's zone.
    const partners = new Map((await this.partners.list()).map((p) => [p.slug, p]));
    const zone = partners.get(caller.partnerSlug)?.timezone ?? event.timezone;
    const nameOf = (slug: string) => {
      const partner = partners.get(slug);
      return partner ? partnerName(partner, locale) : slug;
    };
    const base = ORGANIZER_PATHS.registrations(event.id);
    const columns = answerColumns(event, page.items);
    const canCancel = event.status !== 'cancelled' && this.events.allows(event, caller, 'cancel_registration');
    const cancelHref = (item: RegistrationItemDto) =>
      canCancel && item.status !== 'cancelled'
        ? tableHref(`${base}/${item.id}/cancel`, query.filters, cursorParams(query))
        : undefined;
    const hidden = query.dto.status
      ? page.hidden[query.dto.status]
      : page.hidden.confirmed + page.hidden.waitlisted + page.hidden.cancelled;
    await this.renderer.render(reply, view, 'organizer/registrations.eta', {
      title: t('org.reg.title', { title: eventTitle(event, locale).text }),
      done: cancelledMessage(request.query, t),
      filters: query.filters,
      statuses: ['confirmed', 'waitlisted', 'cancelled'],
      partners: page.byPartner
        .filter((p) => p.via !== null)
        .map((p) => ({ slug: p.via as string, name: nameOf(p.via as string) })),
      paths: {
        event: ORGANIZER_PATHS.event(event.id),
        table: base,
        csv: tableHref(`${base}.csv`, query.filters),
        first: query.after || query.before ? tableHref(base, query.filters) : undefined,
        previous: page.previous ? tableHref(base, query.filters, { before: page.previous }) : undefined,
        next: page.next ? tableHref(base, query.filters, { after: page.next }) : undefined,
      },
      view: page.view,
      hidden: count(hidden),
      total: page.total,
      totalText: count(page.total),
      totals: {
        confirmed: count(page.totals.confirmed),
        waitlisted: count(page.totals.waitlisted),
        cancelled: count(page.totals.cancelled),
      },
      zoneName: zoneName(new Date(), locale, zone),
      columns: columns.map((c) => labelIn(c.label, locale)),
      rows: page.items.map((item) =>
        registrantRow({ ...item, via: item.via && nameOf(item.via) }, columns, { t, locale, zone }, cancelHref(item)),
      ),
    });
  }

  /** The JSON API's CSV (UTF-8 with BOM, formula-safe cells, one column per question) of the table's filters. */
  @Get(':id/registrations.csv')
  async csv(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const { event } = await this.events.forParty(eventId(id), caller);
    const query = await readTableQuery(request.query);
    const csv = await this.views.csv(event.id, caller, query.dto);
    await reply
      .status(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="registrations-${event.slug}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  }

  /** "Cancel the registration of X?": what will happen (emails, the waitlist), then a button that posts. */
  @Get(':id/registrations/:registrationId/cancel')
  async cancelForm(
    @Param('id') id: string,
    @Param('registrationId') registrationId: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const { event } = await this.events.forParty(eventId(id), caller);
    const back = await backTo(request.query);
    const view = await this.renderer.view(request, reply);
    const registration = await this.views.one(event.id, caller, registrationOf(registrationId));
    await this.renderCancel(reply, view, event, registration, back);
  }

  @Post(':id/registrations/:registrationId/cancel')
  async cancel(
    @Param('id') id: string,
    @Param('registrationId') registrationId: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const { event } = await this.events.forParty(eventId(id), caller);
    const back = await backTo(body);
    try {
      const { promoted } = await this.cancellation.cancelByOrganizer(event.id, registrationOf(registrationId), caller);
      const location = tableHref(ORGANIZER_PATHS.registrations(event.id), back.filters, cursorParams(back));
      return redirectWithPromoted(reply, `${location}${location.includes('?') ? '&' : '?'}done=cancelled`, promoted);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.registrations(event.id) });
      const registration = await this.views.one(event.id, caller, registrationOf(registrationId));
      return this.renderCancel(reply, view, event, registration, back, 409);
    }
  }

  private async renderCancel(
    reply: FastifyReply,
    view: ConsoleView,
    event: EventEntity,
    registration: RegistrationItemDto,
    back: TableQuery,
    status = 200,
  ) {
    const base = ORGANIZER_PATHS.registrations(event.id);
    await this.renderer.render(
      reply,
      view,
      'organizer/registration-cancel.eta',
      {
        title: view.t('org.reg.cancelTitle', { name: registration.name }),
        registration,
        cancelled: registration.status === 'cancelled',
        // A confirmed registrant's seat goes to the first waitlisted one, if anybody waits.
        promotes: registration.status === 'confirmed' && event.waitlistedCount > 0,
        action: `${base}/${registration.id}/cancel`,
        back: back.filters,
        cursor: cursorParams(back),
        backHref: tableHref(base, back.filters, cursorParams(back)),
      },
      registration.status === 'cancelled' && status === 200 ? 409 : status,
    );
  }
}

function registrationOf(id: string): string {
  if (!REGISTRATION_ID.test(id)) throw new NotFoundError('REGISTRATION_NOT_FOUND', 'No such registration');
  return id.toLowerCase();
}

/** The table's page to go back to (from a link's query or the form's hidden fields); a tampered one: the first page. */
async function backTo(source: unknown): Promise<TableQuery> {
  try {
    return await readTableQuery(source);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const filters: TableFilters = { status: '', via: '', q: '' };
    return { filters, dto: {} };
  }
}

function cursorParams(query: TableQuery): { after?: string; before?: string } | undefined {
  if (query.after) return { after: encodeCursor(query.after) };
  if (query.before) return { before: encodeCursor(query.before) };
  return undefined;
}
