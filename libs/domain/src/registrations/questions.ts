import { hasVisibleText, isCleanText } from '../input/text-input';

/**
 * Registration questions of an event and the validation of a registrant's
 * answers (`answers: {questionId: value}`). Pure: the API and the public
 * form both call `validateAnswers`, so a rule exists once.
 */
export const QUESTION_KINDS = ['short_text', 'long_text', 'single_choice', 'multiple_choice', 'checkbox'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Longest answer a text question may allow (and its default). */
export const TEXT_LIMITS: Record<'short_text' | 'long_text', { max: number; default: number }> = {
  short_text: { max: 500, default: 200 },
  long_text: { max: 5000, default: 2000 },
};

export const MAX_QUESTIONS = 30;
export const MAX_CHOICES = 50;

export interface LocalizedLabel {
  en?: string;
  ja?: string;
}

export interface QuestionChoice {
  /** Stable within its question: what an answer holds. */
  id: string;
  label: LocalizedLabel;
}

export interface RegistrationQuestion {
  id: string;
  kind: QuestionKind;
  label: LocalizedLabel;
  /** Only for the choice kinds; empty otherwise. */
  choices: QuestionChoice[];
  required: boolean;
  /** Only for the text kinds: the longest answer accepted. */
  maxLength: number | null;
  /** +1 whenever the question's label, kind or choices change; answers record the version they answered. */
  version: number;
}

export type AnswerValue = string | string[] | boolean;

/**
 * An answer as stored: the value with a snapshot of the question as it was
 * answered (label, kind, the chosen choices' labels, and a readable text), so
 * that editing or removing the question later leaves the answer readable.
 */
export interface StoredAnswer {
  questionId: string;
  version: number;
  kind: QuestionKind;
  label: LocalizedLabel;
  value: AnswerValue;
  /** The answer as a person reads it: the text, the chosen labels joined by "; ", or yes/no. */
  text: string;
}

export type AnswersCheck = { ok: true; answers: StoredAnswer[] } | { ok: false; fields: Record<string, string[]> };

/** The label in `locale`, else the other language. */
export function labelIn(label: LocalizedLabel, locale: 'ja' | 'en' = 'en'): string {
  return (locale === 'ja' ? (label.ja ?? label.en) : (label.en ?? label.ja)) ?? '';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

function textError(value: unknown, question: RegistrationQuestion): string | null {
  if (typeof value !== 'string') return 'must be text';
  const max = question.maxLength ?? TEXT_LIMITS[question.kind as 'short_text' | 'long_text'].default;
  if ([...value].length > max) return `must be at most ${max} characters`;
  if (!isCleanText(value, { lines: question.kind === 'long_text' })) {
    return question.kind === 'long_text'
      ? 'must not contain control characters other than line breaks and tabs, direction controls or broken characters'
      : 'must not contain control characters, line breaks, direction controls or broken characters';
  }
  if (!hasVisibleText(value)) return 'must not be empty or only spaces';
  return null;
}

/** Whether `value` counts as not answered (a required question then fails). */
function isBlank(value: unknown, kind: QuestionKind): boolean {
  if (value === undefined || value === null) return true;
  if (kind === 'checkbox') return value === false;
  if (kind === 'multiple_choice') return Array.isArray(value) && value.length === 0;
  return value === '' || (typeof value === 'string' && !hasVisibleText(value) && isCleanText(value));
}

/**
 * Checks `input` (the body's `answers`, possibly absent) against the event's
 * questions: an object keyed by question id; no unknown ids; required ones
 * answered (a required checkbox must be ticked); text within its length and
 * the text rules; choices from the list, each once. Field messages are keyed
 * `answers.<questionId>`. Optional questions left blank store nothing.
 */
export function validateAnswers(questions: readonly RegistrationQuestion[], input: unknown): AnswersCheck {
  const fields: Record<string, string[]> = {};
  const fail = (key: string, message: string) => (fields[key] ??= []).push(`${key} ${message}`);
  if (input === undefined && questions.length === 0) return { ok: true, answers: [] };
  if (input !== undefined && !isPlainObject(input)) {
    fail('answers', 'must be an object of answers keyed by question id');
    return { ok: false, fields };
  }
  const given = (input ?? {}) as Record<string, unknown>;
  const byId = new Map(questions.map((q) => [q.id, q]));
  // At most a few unknown keys are named: a body of thousands of them gets a short answer.
  const unknown = Object.keys(given).filter((key) => !byId.has(key));
  for (const key of unknown.slice(0, 10)) fail(`answers.${key.slice(0, 64)}`, 'is not a question of this event');
  if (unknown.length > 10) fail('answers', `holds ${unknown.length} keys that are not questions of this event`);
  const answers: StoredAnswer[] = [];
  for (const question of questions) {
    const key = `answers.${question.id}`;
    const value = given[question.id];
    if (isBlank(value, question.kind)) {
      if (question.required) fail(key, question.kind === 'checkbox' ? 'must be checked' : 'is required');
      continue;
    }
    const stored = answerOf(question, value);
    if (typeof stored === 'string') fail(key, stored);
    else answers.push(stored);
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, answers };
}

/** The stored form of a non-blank `value`, or what is wrong with it. */
function answerOf(question: RegistrationQuestion, value: unknown): StoredAnswer | string {
  const base = { questionId: question.id, version: question.version, kind: question.kind, label: question.label };
  const choiceLabel = (id: string) => question.choices.find((c) => c.id === id)?.label;
  switch (question.kind) {
    case 'short_text':
    case 'long_text': {
      const error = textError(value, question);
      return error ?? { ...base, value: value as string, text: value as string };
    }
    case 'checkbox':
      if (typeof value !== 'boolean') return 'must be true or false';
      return { ...base, value, text: value ? 'yes' : 'no' };
    case 'single_choice': {
      if (typeof value !== 'string') return 'must be one of the choices';
      const label = choiceLabel(value);
      if (!label) return 'must be one of the choices';
      return { ...base, value, text: labelIn(label) };
    }
    case 'multiple_choice': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return 'must be a list of choices';
      const ids = value as string[];
      if (new Set(ids).size !== ids.length) return 'must not repeat a choice';
      const labels = ids.map(choiceLabel);
      if (labels.some((l) => !l)) return 'must hold only choices of the question';
      return { ...base, value: ids, text: labels.map((l) => labelIn(l!)).join('; ') };
    }
  }
}

/** Whether a question's edit changes what an answer to it means (then its version goes up). */
export function questionChanged(before: RegistrationQuestion, after: Omit<RegistrationQuestion, 'version'>): boolean {
  const shape = (q: Omit<RegistrationQuestion, 'version'>) =>
    JSON.stringify([q.kind, q.label.en ?? null, q.label.ja ?? null, q.choices, q.required, q.maxLength]);
  return shape(before) !== shape(after);
}

/**
 * What a list of questions is, for an editor that changes one question of
 * it: the ids in order with their versions. A page sends the fingerprint of
 * the list it showed; a save based on another list (someone changed it
 * meanwhile) is refused rather than overwriting that change.
 */
export function questionsFingerprint(questions: readonly Pick<RegistrationQuestion, 'id' | 'version'>[]): string {
  return questions.map((q) => `${q.id}:${q.version}`).join(',');
}

/** A question as an organizer defines it (`PUT /events/:id/questions`): ids only for questions and choices kept. */
export interface QuestionInput {
  id?: string;
  kind: QuestionKind;
  label: LocalizedLabel;
  choices?: Array<{ id?: string; label: LocalizedLabel }>;
  required?: boolean;
  maxLength?: number | null;
}

/**
 * The event's new question list from the organizer's, in its order: a
 * question whose id is kept stays that question (its version goes up when
 * what an answer means changed); others get `newId()`. Answers already given
 * keep their own snapshot, so nothing here touches them. Errors are field
 * messages keyed `questions.<index>...`.
 */
export function planQuestions(
  existing: readonly RegistrationQuestion[],
  input: readonly QuestionInput[],
  newId: () => string,
): { ok: true; questions: RegistrationQuestion[] } | { ok: false; fields: Record<string, string[]> } {
  const fields: Record<string, string[]> = {};
  const fail = (key: string, message: string) => (fields[key] ??= []).push(`${key} ${message}`);
  if (input.length > MAX_QUESTIONS) fail('questions', `must hold at most ${MAX_QUESTIONS} questions`);
  const byId = new Map(existing.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const questions = input.map((q, i): RegistrationQuestion => {
    const at = `questions.${i}`;
    if (q.id !== undefined) {
      if (!byId.has(q.id)) fail(`${at}.id`, 'is not a question of this event (leave it out for a new question)');
      if (seen.has(q.id)) fail(`${at}.id`, 'is listed twice');
      seen.add(q.id);
    }
    if (!q.label.en && !q.label.ja) fail(`${at}.label`, 'needs at least one of en, ja');
    const choiceKind = q.kind === 'single_choice' || q.kind === 'multiple_choice';
    const choices: QuestionChoice[] = [];
    if (choiceKind) {
      const given = q.choices ?? [];
      if (given.length < 1) fail(`${at}.choices`, 'must hold at least one choice');
      if (given.length > MAX_CHOICES) fail(`${at}.choices`, `must hold at most ${MAX_CHOICES} choices`);
      const ids = new Set<string>();
      given.forEach((c, j) => {
        const id = c.id ?? `c${j + 1}`;
        if (ids.has(id)) fail(`${at}.choices.${j}.id`, 'is listed twice');
        ids.add(id);
        if (!c.label.en && !c.label.ja) fail(`${at}.choices.${j}.label`, 'needs at least one of en, ja');
        choices.push({
          id,
          label: { ...(c.label.en ? { en: c.label.en } : {}), ...(c.label.ja ? { ja: c.label.ja } : {}) },
        });
      });
    } else if (q.choices && q.choices.length > 0) {
      fail(`${at}.choices`, `must be left out for ${q.kind}`);
    }
    let maxLength: number | null = null;
    if (q.kind === 'short_text' || q.kind === 'long_text') {
      const limit = TEXT_LIMITS[q.kind];
      maxLength = q.maxLength ?? limit.default;
      if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > limit.max) {
        fail(`${at}.maxLength`, `must be an integer from 1 to ${limit.max}`);
      }
    } else if (q.maxLength !== undefined && q.maxLength !== null) {
      fail(`${at}.maxLength`, `must be left out for ${q.kind}`);
    }
    const shaped = {
      id: q.id ?? newId(),
      kind: q.kind,
      label: { ...(q.label.en ? { en: q.label.en } : {}), ...(q.label.ja ? { ja: q.label.ja } : {}) },
      choices,
      required: q.required ?? false,
      maxLength,
    };
    const before = q.id !== undefined ? byId.get(q.id) : undefined;
    const version = before ? before.version + (questionChanged(before, shaped) ? 1 : 0) : 1;
    return { ...shaped, version };
  });
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, questions };
}
