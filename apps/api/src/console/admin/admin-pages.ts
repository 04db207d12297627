import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleView } from '../console-renderer.service';
import type { ConsoleMessageKey } from '../i18n';

/** After a successful POST: 303 to the page that shows the result (post/redirect/get). */
export function seeOther(reply: FastifyReply, location: string): void {
  void reply.status(303).header('location', location).header('cache-control', 'no-store').send();
}

/**
 * The confirmation after a redirect (`?created=…`): the first query
 * parameter among `messages` whose value `known` recognises (a slug, an
 * address or a date of this page's data, so a crafted link cannot put other
 * words on an admin's page), as the message with that value.
 */
export function noticeOf(
  request: FastifyRequest,
  view: ConsoleView,
  messages: Record<string, ConsoleMessageKey>,
  known: (param: string, value: string) => string | null,
): string | null {
  const query = (request.query ?? {}) as Record<string, unknown>;
  for (const [param, key] of Object.entries(messages)) {
    const value = query[param];
    const shown = typeof value === 'string' && value.length <= 300 ? known(param, value) : null;
    if (shown !== null) return view.t(key, { name: shown, email: shown, date: shown });
  }
  return null;
}

/** A partner's name in the page's language (Japanese falls back to English). */
export function partnerNameIn(partner: { nameEn: string; nameJa: string | null }, locale: 'ja' | 'en'): string {
  return locale === 'ja' ? (partner.nameJa ?? partner.nameEn) : partner.nameEn;
}
