import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { fieldMessages } from '../http/validation';

/** A form's values as typed, re-shown after an error. */
export type FormValues = Record<string, string>;

/** Reads the posted form fields named in `fields` as strings (trimmed, at most `max` characters); nothing else. */
export function readFormValues(body: unknown, fields: readonly string[], max = 1000): FormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const field of fields) {
    const value = b[field];
    values[field] = typeof value === 'string' ? value.slice(0, max).trim() : '';
  }
  return values;
}

export type FormCheck<T> = { ok: true; value: T } | { ok: false; fields: Record<string, string[]> };

/**
 * Validates a plain body against the JSON API's DTO with the API's own
 * rules (class-validator, unknown fields refused), so a form accepts exactly
 * what the API accepts. `fields` maps DTO paths (`name.en`) to their messages.
 */
export async function validateInto<T extends object>(dto: new () => T, plain: object): Promise<FormCheck<T>> {
  const value = plainToInstance(dto, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false });
  if (errors.length > 0) return { ok: false, fields: fieldMessages(errors) };
  return { ok: true, value };
}

/** A form field in error, for the summary (linking to the input) and the message under the field. */
export interface FieldError {
  /** The input's id. */
  id: string;
  field: string;
  message: string;
}

/**
 * Maps the DTO paths in error to form fields (`name.en` -> `name_en`) and
 * gives each a message in the page's language.
 */
export function fieldErrors(
  paths: Record<string, string[]>,
  fieldOfPath: (path: string) => string | undefined,
  message: (field: string) => string,
): FieldError[] {
  const seen = new Map<string, FieldError>();
  for (const path of Object.keys(paths)) {
    const field = fieldOfPath(path);
    if (field && !seen.has(field)) seen.set(field, { id: `f-${field}`, field, message: message(field) });
  }
  return [...seen.values()];
}
