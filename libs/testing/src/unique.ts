import { randomBytes } from 'node:crypto';

/** A short unique suffix for slugs and emails, so tests never collide. */
export function unique(prefix = 'x'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
