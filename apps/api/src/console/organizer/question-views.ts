import { labelIn, RegistrationQuestion } from '@cohost/domain';
import type { ConsoleView } from '../console-renderer.service';
import type { ConsoleMessageKey } from '../i18n';
import { ORGANIZER_PATHS } from './organizer-views';
import { maxLengthLimit } from './question-form';

/** Where the questions pages and posts live. */
export const QUESTION_PATHS = {
  list: (id: string) => ORGANIZER_PATHS.questions(id),
  create: (id: string) => `/console/events/${id}/questions/new`,
  question: (id: string, qid: string) => `/console/events/${id}/questions/${qid}`,
};

/** One question of the list page, in the page's language, with its buttons' targets. */
export function questionRow(q: RegistrationQuestion, i: number, count: number, eventId: string, view: ConsoleView) {
  const at = QUESTION_PATHS.question(eventId, q.id);
  return {
    id: q.id,
    number: i + 1,
    label: labelIn(q.label, view.locale),
    labelEn: q.label.en ?? '',
    labelJa: q.label.ja ?? '',
    kind: view.t(`org.qs.kind.${q.kind}`),
    required: q.required,
    maxLength: q.maxLength,
    choices: q.choices.map((c) => labelIn(c.label, view.locale)),
    edit: `${at}/edit`,
    move: `${at}/move`,
    remove: `${at}/delete`,
    first: i === 0,
    last: i === count - 1,
  };
}

/** The message of a field in error, in the page's language. */
export function fieldMessage(view: ConsoleView, field: string, kind: string, fields: Record<string, string[]>): string {
  const t = view.t;
  if (field.startsWith('choice-')) {
    const row = Number(field.split('-')[1]) + 1;
    return t('org.qs.err.choice', { n: row });
  }
  if (field === 'maxLength') return t('org.qs.err.maxLength', { max: maxLengthLimit(kind) });
  if (field === 'kind' && Object.keys(fields).includes('questions')) return t('org.qs.err.tooMany');
  const key = `org.qs.err.${field}` as ConsoleMessageKey;
  return t(key);
}

/** The fingerprint of the list a form was made on (`questionsFingerprint`); '' when absent. */
export function basedOnOf(body: unknown): string {
  const value = (body as { basedOn?: unknown } | undefined)?.basedOn;
  return typeof value === 'string' ? value.slice(0, 2000) : '';
}
