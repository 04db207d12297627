import { DomainError } from '@cohost/domain';
import { toBody } from '../http/exception.filter';
import { ValidationFailedException } from '../http/validation';
import type { MessageKey, Translate } from './i18n';
import { FormField, formFieldOf } from './register-form';

/** What a failed form shows: the message above it and one text per invalid field. */
export interface FormProblem {
  message: string;
  fields: Partial<Record<FormField, string>>;
  /** Invalid answers by question id (`answers.<id>` of the API). */
  answers?: Record<string, string>;
  code?: string;
}

/** Messages of the codes a visitor can meet on the pages; other codes fall back by status. */
const MESSAGE_OF_CODE: Record<string, MessageKey> = {
  REGISTRATION_EXISTS: 'error.DUPLICATE',
  DUPLICATE: 'error.DUPLICATE',
  EVENT_FULL: 'error.FULL',
  REGISTRATION_CLOSED: 'error.CLOSED',
  EVENT_ALREADY_STARTED: 'error.CLOSED',
  REGISTRATION_NOT_OPEN: 'error.NOT_OPEN',
  EVENT_CANCELLED: 'error.CANCELLED',
  INVITATION_REQUIRED: 'error.INVITE_ONLY',
  INVITATION_INVALID: 'error.INVITE_ONLY',
  INVITATION_USED: 'error.INVITE_ONLY',
  CSRF_INVALID: 'error.CSRF',
  VALIDATION_FAILED: 'error.INVALID',
  RATE_LIMITED: 'error.RATE_LIMITED',
  NOT_A_MEMBER: 'error.NOT_A_MEMBER',
  ORGANIZATION_FULL: 'error.ORGANIZATION_FULL',
};

const MESSAGE_OF_STATUS: Record<number, MessageKey> = {
  400: 'error.BAD_REQUEST',
  403: 'error.FORBIDDEN',
  404: 'error.notFound',
  409: 'error.CONFLICT',
  422: 'error.RULE',
  429: 'error.RATE_LIMITED',
};

const FIELD_MESSAGE: Record<FormField, MessageKey> = {
  name: 'field.name',
  email: 'field.email',
  organization: 'field.organization',
  locale: 'field.locale',
  timezone: 'field.timezone',
  via: 'field.via',
};

export function pageMessage(t: Translate, status: number, code: string, errorId?: string): string {
  // An unreachable dependency (503) has no error id: nothing to quote, only to retry.
  if (status === 503) return t('error.UNAVAILABLE');
  if (status >= 500) return t('error.SERVER', { id: errorId ?? '-' });
  const key = MESSAGE_OF_CODE[code] ?? MESSAGE_OF_STATUS[status] ?? 'error.BAD_REQUEST';
  return t(key);
}

/**
 * The status and problem to re-show a form with, when `error` is about what
 * was submitted: invalid fields, an expired form, a rule of the registration
 * (duplicate, full, closed...). Anything else (an unknown event, an outage,
 * a bug) gives `undefined`: it is not the visitor's to fix on this form.
 */
export function formProblem(error: unknown, t: Translate): { status: number; problem: FormProblem } | undefined {
  const isFormError =
    error instanceof ValidationFailedException || (error instanceof DomainError && error.kind !== 'not_found');
  if (!isFormError) return undefined;
  const { statusCode: status, code } = toBody(error).payload;
  const fields: FormProblem['fields'] = {};
  const answers: Record<string, string> = {};
  if (error instanceof ValidationFailedException) {
    for (const path of Object.keys(error.fields)) {
      const field = formFieldOf(path);
      if (field) fields[field] = t(FIELD_MESSAGE[field]);
      else if (path.startsWith('answers.')) answers[path.slice('answers.'.length)] = t('field.answer');
    }
  }
  return { status, problem: { message: pageMessage(t, status, code), fields, answers, code } };
}
