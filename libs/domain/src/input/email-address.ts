import { domainToASCII } from 'node:url';

/**
 * Characters no address may hold, before any folding: controls, format
 * characters (`\p{Cf}`: soft hyphen, zero-width space/joiners, word joiner,
 * bidi controls, BOM, tags), lone surrogates, line separators, and
 * invisible letters and marks that render as nothing (combining grapheme
 * joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other
 * variation selectors). Such addresses only look like another one.
 */
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- the combining marks listed are each refused alone
  /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]/u;

/** Spaces, quotes, brackets and separators: a plain address never holds them (no header can be smuggled). */
const SPECIALS = /[\s"'<>(),;:\\[\]]/u;

/** A combining mark with nothing a reader would see it on: at the start, or on an ASCII character. */
// eslint-disable-next-line no-control-regex -- ASCII as a range, not control characters to match
const STRAY_MARK = /(?:^|[\x00-\x7F])\p{M}/u;

/** Dotted domain of LDH labels, ending in a letter TLD or an IDN one (`xn--`): no IP literals, no bare hosts. */
const ASCII_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export type EmailNormalization = { address: string; problem?: undefined } | { address?: undefined; problem: string };

const refuse = (problem: string): EmailNormalization => ({ problem });

/**
 * The one form of an email address used for storing and comparing it, so
 * that addresses that only look different are one person:
 *
 * 1. invisible and control characters are refused (they cannot be folded
 *    away safely: `a\u00ADlice` is not a typo of anything);
 * 2. NFKC: fullwidth forms (`ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｊｐ`) and compatibility
 *    characters fold to their plain form, and a letter followed by a
 *    combining accent is composed (`e` + U+0301 = `é`). A combining mark
 *    left after that with no letter to sit on (at the start, or on an ASCII
 *    character that has no composed form) is refused: it only disguises;
 * 3. one `@`, no spaces, quotes, brackets, commas, semicolons, colons or
 *    backslashes (no display names, no quoted local parts);
 * 4. the domain in IDNA ASCII form (punycode, via UTS #46 as browsers do),
 *    and it must be dotted, with a letter TLD: `user@localhost` and IP
 *    literals are refused;
 * 5. lower case, local part included (every provider our users have treats
 *    it so, and the registration index already compared `lower(email)`).
 *
 * Plus-addressing stays distinct: `ana+news@x.org` is not `ana@x.org` (the
 * person chose a different address on purpose).
 */
export function normalizeEmail(raw: string): EmailNormalization {
  if (raw.length === 0) return refuse('must be an email address');
  if (raw.length > 320) return refuse('must be at most 254 characters long');
  if (INVISIBLE.test(raw)) return refuse('must not contain invisible or control characters');
  const folded = raw.normalize('NFKC');
  if (INVISIBLE.test(folded)) return refuse('must not contain invisible or control characters');
  if (SPECIALS.test(folded)) {
    return refuse('must be a plain email address without spaces, quotes or control characters');
  }
  const parts = folded.split('@');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return refuse('must be an email address');
  const local = parts[0].toLowerCase().normalize('NFC');
  if (STRAY_MARK.test(local) || STRAY_MARK.test(parts[1])) {
    return refuse('must not contain accents without a letter to carry them');
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..') || Buffer.byteLength(local) > 64) {
    return refuse('must be an email address');
  }
  const domain = domainToASCII(parts[1]);
  if (!domain || domain.length > 253 || !ASCII_DOMAIN.test(domain)) {
    return refuse('must be an email address with a domain like example.org');
  }
  const address = `${local}@${domain}`;
  if (Buffer.byteLength(address) > 254) return refuse('must be at most 254 characters long');
  return { address };
}
