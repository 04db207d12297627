import { QUESTION_KINDS, QuestionKind, RegistrationQuestion, TEXT_LIMITS } from '@cohost/domain';
import type { QuestionInputDto } from '../../registrations/dto/questions.dto';

/** Blank choice rows offered below a question's choices (more after saving). */
export const BLANK_CHOICE_ROWS = 3;
/** Choice rows a form may post (the API's limit). */
export const MAX_CHOICE_ROWS = 50;

export interface ChoiceRow {
  /** A kept choice's id ('' for a new one). */
  id: string;
  en: string;
  ja: string;
}

/** The question form as typed (re-shown after an error). */
export interface QuestionForm {
  kind: string;
  labelEn: string;
  labelJa: string;
  required: boolean;
  maxLength: string;
  choices: ChoiceRow[];
}

export const isChoiceKind = (kind: string) => kind === 'single_choice' || kind === 'multiple_choice';
export const isTextKind = (kind: string): kind is 'short_text' | 'long_text' =>
  kind === 'short_text' || kind === 'long_text';

function text(body: Record<string, unknown>, field: string, max: number): string {
  const value = body[field];
  return typeof value === 'string' ? value.slice(0, max).trim() : '';
}

/** Pads the choice rows with blank ones to type into (at least 4, 3 after the last used). */
export function withBlankRows(choices: readonly ChoiceRow[]): ChoiceRow[] {
  const rows = [...choices];
  // A form posted back keeps its rows up to the last one in use.
  const blank = (row: ChoiceRow) => !row.id && !row.en && !row.ja;
  while (rows.length > 0 && blank(rows[rows.length - 1])) rows.pop();
  const total = Math.min(MAX_CHOICE_ROWS, Math.max(rows.length + BLANK_CHOICE_ROWS, 4));
  while (rows.length < total) rows.push({ id: '', en: '', ja: '' });
  return rows;
}

/** A blank form for a new question. */
export function blankForm(): QuestionForm {
  return { kind: 'short_text', labelEn: '', labelJa: '', required: false, maxLength: '', choices: withBlankRows([]) };
}

/** The form of a stored question. */
export function formOf(q: RegistrationQuestion): QuestionForm {
  return {
    kind: q.kind,
    labelEn: q.label.en ?? '',
    labelJa: q.label.ja ?? '',
    required: q.required,
    maxLength: isTextKind(q.kind) && q.maxLength !== null ? String(q.maxLength) : '',
    choices: withBlankRows(q.choices.map((c) => ({ id: c.id, en: c.label.en ?? '', ja: c.label.ja ?? '' }))),
  };
}

/**
 * Reads the posted form: kind, labels, "required", max length and the
 * choice rows (`choice.<n>.id|en|ja`), nothing else. Values are cut to a
 * little above the API's limits, so a too long one still reaches the DTO
 * and is refused with its message.
 */
export function readForm(body: unknown): QuestionForm {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const choices: ChoiceRow[] = [];
  for (let i = 0; i < MAX_CHOICE_ROWS; i++) {
    const row = {
      id: text(b, `choice.${i}.id`, 41),
      en: text(b, `choice.${i}.en`, 301),
      ja: text(b, `choice.${i}.ja`, 301),
    };
    if (b[`choice.${i}.en`] === undefined && b[`choice.${i}.ja`] === undefined && b[`choice.${i}.id`] === undefined)
      break;
    choices.push(row);
  }
  return {
    kind: text(b, 'kind', 40),
    labelEn: text(b, 'labelEn', 301),
    labelJa: text(b, 'labelJa', 301),
    required: b.required === 'on',
    maxLength: text(b, 'maxLength', 12),
    choices,
  };
}

const lang = (en: string, ja: string) => ({ ...(en ? { en } : {}), ...(ja ? { ja } : {}) });

/**
 * The question as the API's `QuestionInputDto` takes it. Choices only for
 * the choice kinds (blank rows left out; `choiceRows[j]` is the form row of
 * the API's `choices.<j>`), a max length only for the text kinds (blank: the
 * API's default). A max length that is not a number goes through as typed,
 * for the DTO to refuse.
 */
export function inputOf(form: QuestionForm, id?: string): { input: Record<string, unknown>; choiceRows: number[] } {
  const input: Record<string, unknown> = {
    ...(id ? { id } : {}),
    kind: form.kind,
    label: lang(form.labelEn, form.labelJa),
    required: form.required,
  };
  const choiceRows: number[] = [];
  if (isChoiceKind(form.kind)) {
    const choices: unknown[] = [];
    form.choices.forEach((c, row) => {
      if (c.en === '' && c.ja === '') return;
      choiceRows.push(row);
      choices.push({ ...(c.id ? { id: c.id } : {}), label: lang(c.en, c.ja) });
    });
    input.choices = choices;
  }
  if (isTextKind(form.kind) && form.maxLength !== '') {
    input.maxLength = /^\d{1,9}$/.test(form.maxLength) ? Number(form.maxLength) : form.maxLength;
  }
  return { input, choiceRows };
}

/** A stored question as the API takes it back unchanged (its id, choices with their ids). */
export function keptInput(q: RegistrationQuestion): QuestionInputDto {
  return {
    id: q.id,
    kind: q.kind,
    label: { ...q.label },
    required: q.required,
    ...(isChoiceKind(q.kind) ? { choices: q.choices.map((c) => ({ id: c.id, label: { ...c.label } })) } : {}),
    ...(isTextKind(q.kind) && q.maxLength !== null ? { maxLength: q.maxLength } : {}),
  };
}

/**
 * The form field of an error path of the edited question (`questions.<at>.…`
 * from the DTO or the domain's `planQuestions`); `kind` for anything else of
 * it, `undefined` for another question's or the list's.
 */
export function fieldOfPath(path: string, at: number, choiceRows: readonly number[] = []): string | undefined {
  const prefix = `questions.${at}`;
  if (path !== prefix && !path.startsWith(`${prefix}.`)) return undefined;
  const rest = path.slice(prefix.length + 1);
  if (rest === 'label' || rest === 'label.en') return 'labelEn';
  if (rest === 'label.ja') return 'labelJa';
  if (rest === 'maxLength') return 'maxLength';
  if (rest === 'required') return 'required';
  const choice = /^choices\.(\d+)(?:\.(id|label)(?:\.(en|ja))?)?$/.exec(rest);
  if (choice) return `choice-${choiceRows[Number(choice[1])] ?? 0}-${choice[3] ?? 'en'}`;
  if (rest === 'choices') return 'choices';
  return 'kind';
}

/** Which limit a text kind's max length has (for the message). */
export function maxLengthLimit(kind: string): number {
  return isTextKind(kind) ? TEXT_LIMITS[kind].max : TEXT_LIMITS.long_text.max;
}

export const KINDS: readonly QuestionKind[] = QUESTION_KINDS;
