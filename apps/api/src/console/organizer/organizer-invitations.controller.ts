import { DomainError, InvalidInputError } from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganizerCaller } from '../../auth/caller';
import { InvitationCheck, InvitationsService } from '../../invitations/invitations.service';
import {
  MAX_PASTED_ADDRESSES,
  MAX_PASTED_CHARS,
  parsePastedAddresses,
  PastedAddresses,
  TooManyAddressesError,
} from '../../invitations/pasted-addresses';
import { formatInstant } from '../../pages/page-format';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import { eventId, organizer } from './organizer-actions';
import { eventTitle, ORGANIZER_PATHS, partnerName } from './organizer-views';

/** Invitations a page of the list shows. */
const PER_PAGE = 50;
/** Invalid entries listed on the page (the count says how many more). */
const INVALID_SHOWN = 200;

interface Outcome {
  status?: number;
  /** The pasted text, shown again in the text area. */
  addresses?: string;
  error?: string;
  /** `en` for the API's own (English) words; the page's language otherwise. */
  errorLang?: 'en';
  pasted?: PastedAddresses;
  checked?: InvitationCheck;
  /** Addresses invited by "send". */
  sent?: number;
}

/** The pasted list: one text field; anything else (missing, repeated, too long) is a 400 shown on the page. */
function pastedText(body: unknown): { text: string; problem?: 'missing' | 'repeated' | 'tooLong' } {
  const value = (body as Record<string, unknown> | undefined)?.addresses;
  if (Array.isArray(value)) {
    return { text: value.filter((v): v is string => typeof v === 'string').join('\n'), problem: 'repeated' };
  }
  if (typeof value !== 'string') return { text: '', problem: 'missing' };
  const text = value.replace(/\r\n?/g, '\n');
  if (text.length > MAX_PASTED_CHARS) return { text, problem: 'tooLong' };
  return { text };
}

/** A refusal the page shows in place (400/409/422); 403/404 stay error pages. */
function shown(error: unknown): error is DomainError {
  return (
    error instanceof DomainError && (error.kind === 'invalid' || error.kind === 'conflict' || error.kind === 'rule')
  );
}

function statusOf(error: DomainError): number {
  return error.kind === 'invalid' ? 400 : error.kind === 'conflict' ? 409 : 422;
}

/** An entry as shown: invisible and control characters spelled out (`<U+200B>`), so the reader sees why it is refused. */
function visible(entry: string): string {
  return entry.replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

function pageOf(query: unknown): number {
  const raw = (query as { page?: unknown } | undefined)?.page;
  const page = typeof raw === 'string' && /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : 1;
  return page;
}

/**
 * The invitations page of a webinar: paste addresses, see how many are new,
 * already invited, already registered or invalid ("check"), then invite the
 * new ones ("send") through the JSON API's `InvitationsService` (outbox,
 * worker, mail); below, the event's invitations with the delivery status of
 * their latest email, paged. Who may invite is the API's access matrix
 * (`invite`: the host's and accepted co-hosts' organizers).
 */
@ConsoleController('events')
@ConsoleAuth('organizer')
export class OrganizerInvitationsController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly invitations: InvitationsService,
  ) {}

  @Get(':id/invitations')
  async page(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.renderer.view(request, reply);
    await this.render(reply, view, organizer(actor), eventId(id), pageOf(request.query), {});
  }

  @Post(':id/invitations/check')
  check(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.act(id, actor, body, request, reply, false);
  }

  @Post(':id/invitations/send')
  send(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.act(id, actor, body, request, reply, true);
  }

  private async act(
    id: string,
    actor: ConsoleActor,
    body: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
    send: boolean,
  ) {
    const caller = organizer(actor);
    eventId(id);
    const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.invitations(id) });
    const { text, problem } = pastedText(body);
    try {
      if (problem) throw new InvalidInputError('ADDRESSES_INVALID', view.t(`org.inv.problem.${problem}`));
      const pasted = parsePastedAddresses(text);
      if (pasted.entries === 0) throw new InvalidInputError('ADDRESSES_INVALID', view.t('org.inv.problem.empty'));
      if (!send) {
        const checked = await this.invitations.check(id, pasted.addresses, caller);
        return await this.render(reply, view, caller, id, 1, { addresses: text, pasted, checked });
      }
      const done = await this.invitations.inviteNew(id, pasted.addresses, caller);
      return await this.render(reply, view, caller, id, 1, {
        addresses: '',
        pasted,
        checked: done,
        sent: done.round?.invited ?? 0,
      });
    } catch (error) {
      if (!shown(error)) throw error;
      const own = error instanceof TooManyAddressesError || error.code === 'ADDRESSES_INVALID';
      const message =
        error instanceof TooManyAddressesError
          ? view.t('org.inv.problem.tooMany', { max: MAX_PASTED_ADDRESSES, n: error.count })
          : error.message;
      return this.render(reply, view, caller, id, 1, {
        addresses: text,
        error: message,
        ...(own ? {} : { errorLang: 'en' as const }),
        status: statusOf(error),
      });
    }
  }

  private async render(
    reply: FastifyReply,
    view: ConsoleView,
    caller: OrganizerCaller,
    id: string,
    page: number,
    outcome: Outcome,
  ) {
    const { event, items, total } = await this.invitations.list(id, caller, page, PER_PAGE);
    const t = view.t;
    const when = (at: Date | null) => (at ? formatInstant(new Date(at), view.locale, event.timezone) : '');
    const title = eventTitle(event, view.locale).text;
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const base = ORGANIZER_PATHS.invitations(event.id);
    const pasted = outcome.pasted;
    const checked = outcome.checked;
    await this.renderer.render(
      reply,
      view,
      'organizer/invitations.eta',
      {
        title: t('org.inv.title', { title }),
        paths: { event: ORGANIZER_PATHS.event(event.id), check: `${base}/check`, send: `${base}/send` },
        max: MAX_PASTED_ADDRESSES,
        addresses: outcome.addresses ?? '',
        /** The new addresses "send" invites (checked again then). */
        fresh: checked && outcome.sent === undefined ? checked.fresh.join(',') : '',
        error: outcome.error,
        errorLang: outcome.errorLang,
        summary:
          pasted && checked
            ? {
                entries: pasted.entries,
                repeats: pasted.repeats,
                fresh: checked.fresh.length,
                invited: checked.invited.length,
                registered: checked.registered.length,
                invalid: pasted.invalid.length,
                invalidShown: pasted.invalid
                  .slice(0, INVALID_SHOWN)
                  .map((bad) => ({ entry: visible(bad.entry), reason: bad.reason })),
                sent: outcome.sent,
              }
            : undefined,
        total,
        current: page,
        pages,
        prev: page > 1 ? `${base}?page=${Math.min(page - 1, pages)}` : undefined,
        next: page < pages ? `${base}?page=${page + 1}` : undefined,
        rows: items.map((row) => ({
          email: row.email,
          by: row.partnerEn ? partnerName({ nameEn: row.partnerEn, nameJa: row.partnerJa }, view.locale) : '',
          invitedAt: when(row.invitedAt),
          status: row.status ?? 'none',
          statusLabel: t(`org.inv.status.${row.status ?? 'none'}`),
          attempts: row.attempts ?? 0,
          lastError: row.status === 'failed' ? row.lastError : null,
          sentAt: when(row.sentAt),
          emails: row.emails,
          used: row.usedAt !== null,
        })),
      },
      outcome.status ?? 200,
    );
  }
}
