import {
  baseEventSlug,
  EVENT_SLUG_PATTERN,
  freeSlug,
  isEventSlug,
  PARTNER_SLUG_PATTERN,
  slugWords,
} from './event-slug';

const at = new Date('2027-05-20T09:00:00Z');

describe('event slugs', () => {
  it('makes readable slugs from English titles, dropping accents and punctuation', () => {
    expect(baseEventSlug({ title: { en: 'Cell Therapy: Forum 2027!' }, startsAt: at, timezone: 'Asia/Tokyo' })).toBe(
      'cell-therapy-forum-2027',
    );
    expect(slugWords('Københavns Universitet & Ålborg')).toBe('kobenhavns-universitet-alborg');
    expect(slugWords('ＡＩ　Ｓｕｍｍｉｔ')).toBe('ai-summit');
  });

  it('gives Japanese-only titles a dated slug in the event zone, keeping any Latin words', () => {
    expect(baseEventSlug({ title: { ja: '再生医療セミナー' }, startsAt: at, timezone: 'Asia/Tokyo' })).toBe(
      'webinar-2027-05-20',
    );
    // 2027-05-20T20:00Z is already the 21st in Tokyo.
    const late = new Date('2027-05-20T20:00:00Z');
    expect(baseEventSlug({ title: { ja: 'iPS細胞の未来' }, startsAt: late, timezone: 'Asia/Tokyo' })).toBe(
      'webinar-2027-05-21-ips',
    );
  });

  it('cuts long titles at a word and never yields a UUID-shaped slug', () => {
    const long = baseEventSlug({ title: { en: 'word '.repeat(40) }, startsAt: at, timezone: 'UTC' });
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(EVENT_SLUG_PATTERN);
    const uuidish = baseEventSlug({
      title: { en: '123e4567-e89b-12d3-a456-426614174000' },
      startsAt: at,
      timezone: 'UTC',
    });
    expect(uuidish).toBe('event-123e4567-e89b-12d3-a456-426614174000');
  });

  it('accepts slug-shaped slugs, refuses UUID-shaped ones in any case', () => {
    expect(isEventSlug('dk-jp-symposium-2026')).toBe(true);
    expect(isEventSlug('123e4567-e89b-12d3-a456-42661417400')).toBe(true);
    expect(isEventSlug('event-123e4567-e89b-12d3-a456-426614174000')).toBe(true);
    expect(isEventSlug('123e4567-e89b-12d3-a456-426614174000')).toBe(false);
    expect(isEventSlug('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(isEventSlug('123E4567-E89B-12D3-A456-426614174000')).toBe(false);
    expect(isEventSlug('Forum')).toBe(false);
    expect(isEventSlug('a--b')).toBe(false);
  });

  it('picks the first free numbered variant', () => {
    expect(freeSlug('forum', new Set())).toBe('forum');
    expect(freeSlug('forum', new Set(['forum', 'forum-2']))).toBe('forum-3');
  });
});

describe('PARTNER_SLUG_PATTERN', () => {
  it('is the event slug shape (the partners and events CHECKs are the same)', () => {
    expect(PARTNER_SLUG_PATTERN).toBe(EVENT_SLUG_PATTERN);
    expect(PARTNER_SLUG_PATTERN.test('danish-embassy')).toBe(true);
    expect(PARTNER_SLUG_PATTERN.test('Danish_Embassy')).toBe(false);
  });
});
