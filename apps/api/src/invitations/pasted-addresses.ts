import { InvalidInputError, normalizeEmail } from '@cohost/domain';

/** Addresses one paste may hold (the console's invitation page). */
export const MAX_PASTED_ADDRESSES = 5_000;

/** A pasted text's characters the page reads at most (5,000 addresses of 254 characters and separators). */
export const MAX_PASTED_CHARS = MAX_PASTED_ADDRESSES * 260;

/** More than {@link MAX_PASTED_ADDRESSES} entries (400): nothing of the list is used. */
export class TooManyAddressesError extends InvalidInputError {
  constructor(readonly count: number) {
    super('TOO_MANY_ADDRESSES', `At most ${MAX_PASTED_ADDRESSES} addresses at once; this list has ${count}`);
  }
}

export interface PastedAddresses {
  /** Entries read (non-empty pieces between separators). */
  entries: number;
  /** Distinct addresses in normal form (`normalizeEmail`), in the order first pasted. */
  addresses: string[];
  /** Distinct entries that are no address, with why (the same words as the JSON API's validation). */
  invalid: Array<{ entry: string; reason: string }>;
  /** Entries that repeat an earlier one (after normalization), counted once. */
  repeats: number;
}

/**
 * The addresses of a pasted list: one a line, or separated by commas or
 * semicolons, blanks ignored; each normalized as the API does, so entries
 * that only look different count once. More than
 * {@link MAX_PASTED_ADDRESSES} entries is refused (400) as a whole.
 */
export function parsePastedAddresses(text: string): PastedAddresses {
  const entries = text
    .split(/[\r\n,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length > MAX_PASTED_ADDRESSES) {
    throw new TooManyAddressesError(entries.length);
  }
  const seen = new Set<string>();
  const invalid: PastedAddresses['invalid'] = [];
  let repeats = 0;
  for (const entry of entries) {
    const normalized = normalizeEmail(entry);
    const key = normalized.address ?? `\u0000${entry}`;
    if (seen.has(key)) repeats += 1;
    else {
      seen.add(key);
      if (normalized.address === undefined) invalid.push({ entry, reason: normalized.problem });
    }
  }
  const addresses = [...seen].filter((key) => !key.startsWith('\u0000'));
  return { entries: entries.length, addresses, invalid, repeats };
}
