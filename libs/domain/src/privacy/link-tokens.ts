import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Links in emails that act on an address without a session: one-click
 * unsubscribe (RFC 8058) and a registrant's own erasure request. The token is
 * the address and an HMAC of (purpose, address) under the platform's link key
 * (`app_secrets.link-signing`), so it proves the holder received mail at that
 * address and nothing is stored per email. A token of one purpose is worthless
 * for the other.
 */
export type LinkPurpose = 'unsubscribe' | 'erase';

const SHAPE = /^([A-Za-z0-9_-]{2,700})\.([A-Za-z0-9_-]{43})$/;

function mac(key: string, purpose: LinkPurpose, address: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}\n${address}`, 'utf8').digest();
}

export function signAddressLink(key: string, purpose: LinkPurpose, address: string): string {
  return `${Buffer.from(address, 'utf8').toString('base64url')}.${mac(key, purpose, address).toString('base64url')}`;
}

/** The address a token was made for, or null for anything else (wrong purpose, altered, not a token). */
export function readAddressLink(key: string, purpose: LinkPurpose, token: unknown): string | null {
  if (typeof token !== 'string') return null;
  const match = SHAPE.exec(token);
  if (!match) return null;
  const address = Buffer.from(match[1], 'base64url').toString('utf8');
  // One spelling per token: base64url's unused trailing bits (and bytes that
  // are not UTF-8) would otherwise let several strings read as one token.
  if (Buffer.from(address, 'utf8').toString('base64url') !== match[1]) return null;
  const given = Buffer.from(match[2], 'ascii');
  const expected = Buffer.from(mac(key, purpose, address).toString('base64url'), 'ascii');
  return given.length === expected.length && timingSafeEqual(given, expected) ? address : null;
}

/**
 * What an erased person's address becomes: `erased-<row id>@invalid`, unique
 * per row (the per-event uniqueness of registrations holds) and in the
 * `.invalid` name reserved by RFC 6761, so it is never anyone's mailbox.
 */
export function isErasedAddress(address: string): boolean {
  return /@invalid$/i.test(address);
}
