import { domainToASCII } from 'node:url';
import { PermanentMailError } from '../mail-errors';

/**
 * Low-level iCalendar (RFC 5545) text helpers that ical-generator does not get
 * right for us: it escapes parameter values with backslashes (not valid in a
 * quoted parameter) and leaves the last line without CRLF. These are also the
 * pieces rendered per recipient, so they must be cheap.
 */

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/**
 * Folds one unfolded content line at 75 octets (RFC 5545 3.1), never inside a
 * UTF-8 sequence or a surrogate pair. Continuation lines start with a space
 * that counts towards their 75 octets.
 */
export function foldLine(line: string): string {
  if (line.length <= MAX_OCTETS / 3 || Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function utf8Length(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

/** Splits iCalendar text into unfolded content lines. */
export function unfoldLines(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split(/\r\n/)
    .filter((line) => line.length > 0);
}

/**
 * Normalises user text before it becomes a TEXT value: every line break
 * variant becomes `\n` (escaped as `\n` by the generator, so it can never
 * start a new content line) and other control characters go.
 */
export function cleanText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * A TEXT value on one line, escaped (RFC 5545 3.3.11), for the properties
 * ical-generator writes unescaped (calendar NAME, X-WR-CALNAME, X-WR-CALDESC).
 */
export function escapeOneLineText(value: string): string {
  return value
    .replace(PARAM_UNSAFE, ' ')
    .trim()
    .replace(/[\\;,]/g, (c) => `\\${c}`);
}

// eslint-disable-next-line no-control-regex
const PARAM_UNSAFE = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/**
 * A parameter value (e.g. `CN`) as a quoted string. A quoted string may hold
 * neither DQUOTE nor control characters and knows no escapes, so line
 * breaks become spaces and double quotes become single ones.
 */
export function quoteParam(value: string): string {
  const clean = value.replace(PARAM_UNSAFE, ' ').replace(/"/g, "'").trim();
  return `"${clean}"`;
}

// eslint-disable-next-line no-control-regex
const SAFE_LOCAL_PART = /^[^\s"<>()[\]\\,;:@\u0000-\u001f\u007f]+$/;

/**
 * `mailto:` URI of an address; refuses anything that could break the line or
 * the URI. Internationalised addresses (accepted by the API) get a punycode
 * domain and a percent-encoded local part, as RFC 6068 asks.
 */
export function mailto(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = at > 0 ? domainToASCII(address.slice(at + 1)) : '';
  if (!SAFE_LOCAL_PART.test(local) || !/^[A-Za-z0-9.-]+$/.test(domain)) {
    throw new PermanentMailError(`Not a plain email address for a calendar file: ${JSON.stringify(address)}`);
  }
  return `mailto:${local.replace(/[^!-~]/gu, (c) => encodeURIComponent(c))}@${domain}`;
}

/** `YYYYMMDDTHHMMSSZ` (UTC DATE-TIME form). */
export function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function joinLines(lines: readonly string[]): string {
  return lines.map((line) => foldLine(line) + CRLF).join('');
}
