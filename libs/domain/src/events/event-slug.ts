import { DateTime } from 'luxon';

/** The shape every event slug has (mirrors the `events_slug_format` CHECK). */
export const EVENT_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A partner's slug has the same shape (`partners_slug_format` is the same CHECK). */
export const PARTNER_SLUG_PATTERN = EVENT_SLUG_PATTERN;

const MAX_SLUG_LENGTH = 60;
const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` can be an event's slug: the slug shape, and not shaped
 * like an event id (a UUID, in any case), which event routes would resolve
 * as the id of another event.
 */
export function isEventSlug(value: string): boolean {
  return EVENT_SLUG_PATTERN.test(value) && !UUID_LIKE.test(value);
}

/** Lower-case ASCII words of `text` joined by dashes; accents are dropped, full-width letters folded. */
/** Latin letters that do not decompose into a base letter and an accent (Danish among them). */
const FOLD: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ł: 'l', þ: 'th', ð: 'd' };

export function slugWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[øæœßđłþð]/g, (c) => FOLD[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function cut(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const head = slug.slice(0, max);
  const lastDash = head.lastIndexOf('-');
  return (lastDash > max / 2 ? head.slice(0, lastDash) : head).replace(/-+$/, '');
}

/**
 * A readable base slug for an event: the English title's words; without
 * them, `webinar-<date of the start in the event's zone>` followed by any
 * Latin words of the Japanese title, so a Japanese-only title still gets a
 * slug a person can read out and type.
 * Never shaped like a UUID (the API resolves `:idOrSlug` by that shape).
 */
export function baseEventSlug(input: {
  title: { en?: string | null; ja?: string | null };
  startsAt: Date;
  timezone: string;
}): string {
  const english = slugWords(input.title.en ?? '');
  const date = DateTime.fromJSDate(input.startsAt, { zone: input.timezone }).toFormat('yyyy-LL-dd');
  // Latin fragments of a Japanese title ("iPS細胞") are not readable alone: they follow the date.
  const latin = english || slugWords(input.title.ja ?? '');
  let slug = english.replace(/-/g, '').length >= 3 ? english : `webinar-${date}${latin ? `-${latin}` : ''}`;
  slug = cut(slug, MAX_SLUG_LENGTH);
  return UUID_LIKE.test(slug) ? `event-${slug}`.slice(0, MAX_SLUG_LENGTH + 6) : slug;
}

/**
 * The first of `base`, `base-2`, `base-3`... not in `taken`. Collisions that
 * still happen between two concurrent creations are caught by the unique
 * constraint and retried by the caller.
 */
export function freeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${cut(base, MAX_SLUG_LENGTH - String(n).length - 1)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
