import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix that lets secret scanners recognise a leaked token. */
const PREFIX = 'cohost_';

/** A fresh secret: 32 random bytes, base64url. Shown once, never stored. */
export function generateSecret(prefix = PREFIX): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time comparison of two digests (or any equal-length buffers). */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
