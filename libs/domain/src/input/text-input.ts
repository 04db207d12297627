/**
 * What a text field a person typed may hold. One rule for every text field
 * of every body (names, organizations, titles, descriptions, partner names,
 * reasons), because each of them ends up in emails, calendar files, CSV
 * exports and pages:
 *
 * - no control characters: C0 (`U+0000`–`U+001F`), DEL and C1
 *   (`U+0080`–`U+009F`, `U+0085` NEXT LINE among them: calendar readers
 *   take it for a line break). Multi-line fields may hold TAB, LF and CR;
 * - no line or paragraph separators (`U+2028`, `U+2029`) in any field;
 * - no bidirectional controls: embeddings and overrides (`U+202A`–`U+202E`),
 *   isolates (`U+2066`–`U+2069`) and the invisible marks LRM, RLM and ALM
 *   (`U+200E`, `U+200F`, `U+061C`). They reorder what a reader sees (a name
 *   shown backwards in a subject line, "Trojan source"), and the scripts our
 *   users write (Japanese, Latin) never need them;
 * - no deprecated format characters (`U+206A`–`U+206F`), interlinear
 *   annotation controls (`U+FFF9`–`U+FFFB`), byte order marks (`U+FEFF`),
 *   noncharacters, and no lone surrogates (half of a character, which no
 *   encoder can write out).
 *
 * Zero-width joiners and non-joiners stay allowed in text: emoji sequences
 * and some scripts need them. (Email addresses are stricter: see
 * `email-address.ts`.)
 */
const FORBIDDEN_IN_LINE =
  /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/u;
const FORBIDDEN_IN_LINES =
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\p{Cs}\p{Noncharacter_Code_Point}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/u;

/** At least one letter, digit, punctuation mark or symbol: not only spaces or invisible characters. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

export interface TextRules {
  /** Line breaks (LF, CR) and tabs allowed: descriptions, titles. */
  lines?: boolean;
}

/** Whether `value` holds no character the text rules refuse. */
export function isCleanText(value: string, rules: TextRules = {}): boolean {
  return !(rules.lines ? FORBIDDEN_IN_LINES : FORBIDDEN_IN_LINE).test(value);
}

/** Whether `value` shows something: not empty, not only spaces (of any script) or invisible characters. */
export function hasVisibleText(value: string): boolean {
  return VISIBLE.test(value);
}
