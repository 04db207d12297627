import { canonicalTimeZone } from '@cohost/domain';
import { isLocale, PageLocale } from './i18n';

/** The registration form as posted (`application/x-www-form-urlencoded`) and as re-shown after an error. */
export interface RegisterForm {
  name: string;
  email: string;
  organization: string;
  locale: PageLocale;
  timezone: string;
  shareWithCohosts: boolean;
  via: string;
  code: string;
  /** Whether the script may replace `timezone` with the browser's zone (not after the visitor chose). */
  timezoneDetect: boolean;
  /** Answers to the event's questions by question id, as the API takes them. */
  answers: Record<string, string | string[] | boolean>;
}

/**
 * Question inputs are named by how their value reads, so the form needs no
 * look-up of the questions: `q.<id>` one text or choice, `qm.<id>` choices
 * (repeated), `qc.<id>` a ticked checkbox.
 */
const ANSWER_FIELD = /^(q|qm|qc)\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

function readAnswers(b: Record<string, unknown>): RegisterForm['answers'] {
  const answers: RegisterForm['answers'] = {};
  for (const [key, raw] of Object.entries(b)) {
    const match = ANSWER_FIELD.exec(key);
    if (!match) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (match[1] === 'qc') answers[match[2]] = values.includes('yes');
    else if (match[1] === 'qm') answers[match[2]] = values.slice(0, 100).map((v) => v.slice(0, 100));
    else if (values[0] !== undefined && values[0] !== '') answers[match[2]] = values[0].slice(0, 10_000);
  }
  return answers;
}

const text = (value: unknown, max = 1000): string => (typeof value === 'string' ? value.slice(0, max) : '');

/** Reads a posted body into form values; nothing here decides validity (the registration DTO does). */
export function readRegisterForm(body: unknown, fallbackLocale: PageLocale): RegisterForm {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    name: text(b.name),
    email: text(b.email),
    organization: text(b.organization),
    locale: isLocale(b.locale) ? b.locale : fallbackLocale,
    timezone: text(b.timezone, 100),
    shareWithCohosts: b.shareWithCohosts === 'yes',
    via: text(b.via, 100),
    code: text(b.code, 300),
    timezoneDetect: false,
    answers: readAnswers(b),
  };
}

/**
 * The JSON API's registration body (`RegisterDto`) for these form values. A
 * renamed zone posted under its old name (`Asia/Calcutta`) is sent under its
 * current one; anything that is not a zone is left for the DTO to refuse.
 */
export function registerBody(form: RegisterForm) {
  return {
    email: form.email.trim(),
    name: form.name.trim(),
    organization: form.organization.trim(),
    locale: form.locale,
    timezone: canonicalTimeZone(form.timezone) ?? form.timezone,
    ...(form.via ? { via: form.via } : {}),
    consent: { shareWithCohosts: form.shareWithCohosts },
    ...(form.code ? { invitationCode: form.code } : {}),
    ...(Object.keys(form.answers).length > 0 ? { answers: form.answers } : {}),
  };
}

/** Which form field a validation path (`consent.shareWithCohosts`, `email`...) belongs to. */
export const FORM_FIELDS = ['name', 'email', 'organization', 'locale', 'timezone', 'via'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export function formFieldOf(path: string): FormField | undefined {
  const head = path.split('.')[0];
  return (FORM_FIELDS as readonly string[]).includes(head) ? (head as FormField) : undefined;
}
