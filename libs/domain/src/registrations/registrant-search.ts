/**
 * Searching and paging an event's registrants (the console's registrant
 * table, the JSON list and CSV): what a typed search means, and the keyset
 * cursor of a page. Pure, so the API and the console share one rule.
 */

/** The longest search accepted as typed (longer: 400). */
export const MAX_SEARCH_LENGTH = 200;

/**
 * Characters a search drops before matching: control characters (C0, DEL,
 * C1), bidirectional controls and marks, zero-width space, word joiner,
 * invisible operators, soft hyphen and byte order marks. Names and
 * addresses cannot hold most of them (see `text-input.ts`), and a search
 * pasted from a spreadsheet or a chat often carries them unseen. Zero-width
 * joiners stay: emoji sequences in a name need them.
 */
const INVISIBLE = /[\p{Cc}\u00AD\u061C\u200B\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/gu;

/**
 * What a typed search matches: NFC, invisible characters removed, runs of
 * white space as one space, trimmed. Null when nothing visible is left (no
 * search). Matching is case-insensitive and anywhere in the name, email or
 * organization (see `containsPattern`).
 */
export function searchTerm(raw: string): string | null {
  const term = raw.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(term) ? term : null;
}

/** `term` as an SQL `LIKE`/`ILIKE` pattern matching it anywhere (`\`, `%` and `_` taken literally). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A position in the registrant table's order (registered at, then id): the
 * `created_at` of a row to the microsecond (a JavaScript Date keeps only
 * milliseconds, so it travels as text) and its id.
 */
export interface RegistrantCursor {
  /** ISO 8601 in UTC with six fractional digits, e.g. `2026-12-03T09:15:02.123456Z`. */
  at: string;
  id: string;
}

const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The cursor as it appears in a link (`after=` / `before=`). */
export function encodeCursor(cursor: RegistrantCursor): string {
  return `${cursor.at}_${cursor.id}`;
}

/** A cursor from a link, or null when it is not one (a malformed or impossible date included). */
export function decodeCursor(text: string): RegistrantCursor | null {
  const match = CURSOR.exec(text);
  if (!match) return null;
  const [, at, id] = match;
  // 2026-02-30 or 25:00 would reach the database as an error: only real instants pass.
  const millis = new Date(`${at.slice(0, 23)}Z`);
  if (Number.isNaN(millis.getTime()) || millis.toISOString().slice(0, 19) !== at.slice(0, 19)) return null;
  return { at, id };
}
