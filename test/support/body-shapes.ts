/**
 * The JSON bodies of the API as a table: for each, a valid body and the type
 * of every field (nested ones by dotted path), so specs can break one field
 * at a time and expect a 400 that names it.
 */
export type FieldType = 'string' | 'object' | 'array' | 'boolean' | 'number';

export interface FieldShape {
  type: FieldType;
  required?: boolean;
  /** null is a value of its own here (unlimited, clear, remove), not a wrong type. */
  nullable?: boolean;
}

export interface BodyShape {
  name: string;
  method: 'post' | 'patch' | 'put';
  path: string;
  headers: Record<string, string>;
  valid: () => Record<string, unknown>;
  fields: Record<string, FieldShape>;
}

/** `{a: {a: ... {a: 1}}}`, `levels` deep. */
export function deepObject(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** `[[... [1] ...]]`, `levels` deep. */
export function deepArray(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

export const MISSING = Symbol('missing');

/** Every value of a wrong type for a field (`MISSING` for a required one: the field left out). */
export function wrongValues(shape: FieldShape): Array<[string, unknown]> {
  const values: Array<[string, unknown]> = [
    ['an array', []],
    ['an array of strings', ['a']],
    ['a number', 42],
    ['a string', 'text'],
    ['a boolean', true],
    ['an object', { en: 'x' }],
    ['a deeply nested object', deepObject(20)],
    ['a deeply nested array', deepArray(20)],
  ];
  const wrong = values.filter(([label, value]) => {
    if (shape.type === 'string') return typeof value !== 'string';
    if (shape.type === 'number') return typeof value !== 'number';
    if (shape.type === 'boolean') return typeof value !== 'boolean';
    if (shape.type === 'object') return label !== 'an object';
    // Arrays: an empty one or one of strings may be valid; their elements are checked by other tests.
    return !Array.isArray(value) || label === 'a deeply nested array';
  });
  if (shape.required) wrong.unshift(['missing', MISSING]);
  if (!shape.nullable) wrong.unshift(['null', null]);
  return wrong;
}

/** A copy of `body` with `path` (dotted) set to `value`, or removed for `MISSING`. */
export function withField(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === MISSING) delete target[last];
  else target[last] = value;
  return copy;
}
