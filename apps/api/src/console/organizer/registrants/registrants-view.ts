import { labelIn, LocalizedLabel, StoredAnswer } from '@cohost/domain';
import type { FastifyReply } from 'fastify';
import type { RegistrationItemDto } from '../../../registrations/dto/registration-list.dto';
import type { ConsoleTranslate } from '../../i18n';

type Locale = 'ja' | 'en';

const INTL_LOCALE: Record<Locale, string> = { ja: 'ja-JP', en: 'en-GB' };

/** "3 Dec 2026, 21:15" / "2026/12/03 21:15" on `zone`'s clock (the column's header names the zone). */
export function registeredAt(iso: string, locale: Locale, zone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
    timeZone: zone,
  }).format(new Date(iso));
}

export interface AnswerColumn {
  id: string;
  label: LocalizedLabel;
}

/** A cell of a question's column: the answer as given, and the question's label then, when it differs from now. */
function answerCell(answer: StoredAnswer | undefined, column: AnswerColumn, t: ConsoleTranslate, locale: Locale) {
  if (!answer) return { text: '', answeredTo: undefined };
  const text =
    answer.kind === 'checkbox' && typeof answer.value === 'boolean'
      ? t(answer.value ? 'org.reg.yes' : 'org.reg.no')
      : answer.text;
  const then = labelIn(answer.label, locale);
  const answeredTo = then !== labelIn(column.label, locale) ? t('org.reg.answeredTo', { label: then }) : undefined;
  return { text, answeredTo };
}

/** A row of the registrant table, in the page's language, times on `zone`'s clock. */
export function registrantRow(
  item: RegistrationItemDto,
  columns: readonly AnswerColumn[],
  ctx: { t: ConsoleTranslate; locale: Locale; zone: string },
  cancelHref: string | undefined,
) {
  const { t, locale } = ctx;
  const status =
    item.status === 'waitlisted'
      ? item.waitlistPosition === undefined
        ? t('org.reg.state.waitlistedPlain')
        : t('org.reg.state.waitlisted', { n: item.waitlistPosition })
      : t(`org.reg.state.${item.status}`);
  return {
    id: item.id,
    status: item.status,
    statusLabel: status,
    name: item.name,
    organization: item.organization,
    email: item.email,
    language: t(`org.reg.lang.${item.locale}`),
    via: item.via ?? t('org.reg.viaDirect'),
    registeredAt: registeredAt(item.registeredAt, locale, ctx.zone),
    attended: t(item.attended ? 'org.reg.yes' : 'org.reg.no'),
    answers: columns.map((column) =>
      answerCell(
        item.answers.find((a) => a.questionId === column.id),
        column,
        t,
        locale,
      ),
    ),
    cancelHref,
  };
}

/** Flash messages of the registrant table after a cancellation (`?done=cancelled&promoted=N`). */
export function cancelledMessage(query: unknown, t: ConsoleTranslate): string | undefined {
  const q = (query ?? {}) as Record<string, unknown>;
  if (q.done !== 'cancelled') return undefined;
  const promoted = promotedOf(q);
  if (promoted === 0) return t('org.reg.done.cancelled');
  return promoted === 1 ? t('org.reg.done.promotedOne') : t('org.reg.done.promoted', { n: promoted });
}

/** After saving an edit of the webinar: how many its raised capacity promoted (`?promoted=N`), in words. */
export function promotedMessage(query: unknown, t: ConsoleTranslate): string | undefined {
  const promoted = promotedOf((query ?? {}) as Record<string, unknown>);
  if (promoted === 0) return undefined;
  return promoted === 1 ? t('org.reg.promotedAfterSaveOne') : t('org.reg.promotedAfterSave', { n: promoted });
}

/** A count in a link: a plain positive integer of at most 7 digits, else 0. */
function promotedOf(query: Record<string, unknown>): number {
  const value = query.promoted;
  return typeof value === 'string' && /^[1-9]\d{0,6}$/.test(value) ? Number(value) : 0;
}

/** 303 to `location` plus the count of promoted registrants (`&promoted=N` when there were any). */
export function redirectWithPromoted(reply: FastifyReply, location: string, promoted: number) {
  const sep = location.includes('?') ? '&' : '?';
  return reply
    .status(303)
    .header('location', promoted > 0 ? `${location}${sep}promoted=${promoted}` : location)
    .header('cache-control', 'no-store')
    .send();
}
