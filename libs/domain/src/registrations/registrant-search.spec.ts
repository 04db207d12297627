import { containsPattern, decodeCursor, encodeCursor, searchTerm } from './registrant-search';

describe('searchTerm', () => {
  it.each([
    ['  Yamada  ', 'Yamada'],
    ['山田\u3000 太郎', '山田 太郎'],
    ['ya\u200Bma\u200Eda', 'yamada'],
    ['\u202Eadamay\u202C', 'adamay'],
    ['\uFEFFkyoto\u0000\u0007', 'kyoto'],
    ['so\u00ADny', 'sony'],
    ['e\u0301cole', '\u00E9cole'],
    ['👩\u200D🔬', '👩\u200D🔬'],
  ])('%j searches for %j', (raw, term) => {
    expect(searchTerm(raw)).toBe(term);
  });

  it.each(['', '   ', '\u200B\u200B', '\u202E', '\t\n'])('%j is no search', (raw) => {
    expect(searchTerm(raw)).toBeNull();
  });
});

describe('containsPattern', () => {
  it('matches the term anywhere and takes LIKE wildcards literally', () => {
    expect(containsPattern('yamada')).toBe('%yamada%');
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

describe('registrant cursors', () => {
  const id = '6f1c0a8e-2b7d-4c55-9a0e-3d2f1b4c5a6e';

  it('round-trip with microseconds', () => {
    const cursor = { at: '2026-12-03T09:15:02.123456Z', id };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    '',
    '-1',
    '9'.repeat(500),
    `2026-12-03T09:15:02.123Z_${id}`,
    `2026-02-30T09:15:02.123456Z_${id}`,
    `2026-12-03T25:15:02.123456Z_${id}`,
    `2026-12-03T09:15:02.123456Z_${id.toUpperCase()}`,
    `2026-12-03T09:15:02.123456Z_${id}x`,
    `2026-12-03T09:15:02.123456Z ${id}`,
  ])('refuses %j', (text) => {
    expect(decodeCursor(text)).toBeNull();
  });
});
