import { EVENT_NOTIFICATION_KINDS, NotificationStatus } from '@cohost/database';
import { ForbiddenError } from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailedException } from '../../http/validation';
import { ListNotificationsQueryDto, RetryNotificationsDto } from '../../notifications/dto/notification.dto';
import { NotificationsService } from '../../notifications/notifications.service';
import { formatInstant } from '../../pages/page-format';
import { validateInto } from '../console-form';
import { ConsoleRenderer } from '../console-renderer.service';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import { eventId, organizer } from './organizer-actions';
import { OrganizerEventsService } from './organizer-events.service';
import { eventTitle, ORGANIZER_PATHS } from './organizer-views';

const STATUSES: NotificationStatus[] = ['pending', 'sent', 'failed', 'skipped'];
/** Messages a page shows (the JSON API's default page size). */
const PER_PAGE = 50;
/** The filter's fields, read from the query string or carried by the retry forms. */
const FILTER = ['kind', 'status', 'page'] as const;
type Filter = Partial<Record<(typeof FILTER)[number], string>>;

/** The filter as typed: strings only, blanks ("All") left out, anything else kept for the DTO to refuse. */
function filterOf(source: unknown): Record<string, unknown> {
  const given = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
  const filter: Record<string, unknown> = {};
  for (const field of FILTER) {
    const value = given[field];
    if (value !== undefined && value !== '') filter[field] = value;
  }
  return filter;
}

/** The page's URL with `filter` (and a flash), for links and redirects. */
function pathWith(id: string, filter: Filter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const field of FILTER) if (filter[field]) params.set(field, filter[field]);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const query = params.toString();
  return `${ORGANIZER_PATHS.deliveries(id)}${query ? `?${query}` : ''}`;
}

/**
 * The delivery page of a webinar: every message of the event (kind,
 * recipient, status, attempts, last error, times), filtered by kind and
 * status, 50 a page, and "retry" for one failed message or all of them.
 * Reads and retries go to the JSON API's `NotificationsService` (the access
 * matrix's `view_notifications`, a co-host's privacy cut), so the page and
 * `GET/POST /api/v1/events/:id/notifications…` obey one rule.
 */
@ConsoleController('events')
@ConsoleAuth('organizer')
export class OrganizerDeliveriesController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly events: OrganizerEventsService,
    private readonly notifications: NotificationsService,
  ) {}

  @Get(':id/deliveries')
  async page(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    eventId(id);
    const view = await this.renderer.view(request, reply);
    const t = view.t;
    const { event, relation } = await this.events.forParty(id, caller);
    // The service checks it again; a refused filter must not tell a pending co-host more than a 403.
    if (!this.events.allows(event, caller, 'view_notifications')) {
      throw new ForbiddenError('EVENT_FORBIDDEN', 'Only the host and accepted co-hosts see the delivery status');
    }
    const typed = filterOf(request.query);
    const check = await validateInto(ListNotificationsQueryDto, typed);
    const shownFilter: Filter = {
      kind: typeof typed.kind === 'string' ? typed.kind : '',
      status: typeof typed.status === 'string' ? typed.status : '',
    };
    const listed = check.ok
      ? await this.notifications.list(event.id, caller, { ...check.value, perPage: PER_PAGE })
      : { items: [], total: 0, page: 1, perPage: PER_PAGE };
    // "Retry all" covers every failed message the caller may see, whatever the filter: their count.
    const failed = check.ok
      ? (await this.notifications.list(event.id, caller, { status: 'failed', page: 1, perPage: 1 })).total
      : 0;
    const pages = Math.max(1, Math.ceil(listed.total / PER_PAGE));
    const when = (iso: string | null) => (iso ? formatInstant(new Date(iso), view.locale, event.timezone) : '');
    const current: Filter = { ...shownFilter, page: String(listed.page) };
    const flash = retriedFlash(request.query);
    await this.renderer.render(
      reply,
      view,
      'organizer/deliveries.eta',
      {
        title: t('org.dlv.title', { title: eventTitle(event, view.locale).text }),
        paths: { event: ORGANIZER_PATHS.event(event.id), self: ORGANIZER_PATHS.deliveries(event.id) },
        cohost: relation === 'cohost',
        invalid: check.ok ? undefined : Object.values(check.fields).flat(),
        done:
          flash === undefined
            ? undefined
            : flash === 1
              ? t('org.dlv.retriedOne')
              : flash === 0
                ? t('org.dlv.retriedNone')
                : t('org.dlv.retried', { n: flash }),
        filter: current,
        kinds: EVENT_NOTIFICATION_KINDS,
        statuses: STATUSES.map((s) => ({ value: s, label: t(`org.dlv.status.${s}`) })),
        total: listed.total,
        paging: { page: listed.page, pages },
        // Past the last page (the list shrank), "previous" leads to the last one.
        prev:
          listed.page > 1
            ? pathWith(event.id, { ...shownFilter, page: String(Math.min(listed.page - 1, pages)) })
            : undefined,
        next: listed.page < pages ? pathWith(event.id, { ...shownFilter, page: String(listed.page + 1) }) : undefined,
        failed,
        rows: listed.items.map((n) => ({
          id: n.id,
          kind: n.kind,
          recipient: n.recipient,
          status: n.status,
          statusLabel: t(`org.dlv.status.${n.status}`),
          attempts: n.attempts,
          lastError: n.lastError,
          createdAt: when(n.createdAt),
          sentAt: when(n.sentAt),
        })),
      },
      check.ok ? 200 : 400,
    );
  }

  /** Retry one failed message (`id`) or, without it, every failed message the caller may see. */
  @Post(':id/deliveries/retry')
  async retry(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    eventId(id);
    const given = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const check = await validateInto(RetryNotificationsDto, given.id === undefined ? {} : { ids: [given.id] });
    if (!check.ok) throw new ValidationFailedException(check.fields);
    const { retried } = await this.notifications.retryFailed(id, caller, check.value.ids);
    // Back to the same filter; the page it was on may have emptied, so start at its first page.
    const kept = filterOf(given);
    const filter: Filter = {
      kind:
        typeof kept.kind === 'string' && (EVENT_NOTIFICATION_KINDS as readonly string[]).includes(kept.kind)
          ? kept.kind
          : '',
      status: typeof kept.status === 'string' && (STATUSES as string[]).includes(kept.status) ? kept.status : '',
    };
    return reply
      .status(303)
      .header('location', pathWith(id, filter, { retried: String(retried) }))
      .header('cache-control', 'no-store')
      .send();
  }
}

/** The count of a retry's flash (`?retried=N`), only when it is a plain number. */
function retriedFlash(query: unknown): number | undefined {
  const value = (query as { retried?: unknown } | undefined)?.retried;
  return typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : undefined;
}
