import { hasVisibleText, isCleanText } from './text-input';

describe('text rules', () => {
  it('accepts names and titles in any script, with emoji and joiners', () => {
    for (const text of [
      '山田 花子',
      'Jørgen Ølgaard',
      'Kyoto Bio Labs, Inc.',
      'Ünïcödé — “quoted”',
      '👩‍🔬 lab',
      'کتاب‌ها',
    ]) {
      expect(isCleanText(text)).toBe(true);
    }
  });

  it.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['ESC', '\u001b'],
    ['LF', '\n'],
    ['CR', '\r'],
    ['TAB', '\t'],
    ['DEL', '\u007f'],
    ['C1 start', '\u0080'],
    ['NEXT LINE', '\u0085'],
    ['C1 end', '\u009f'],
    ['line separator', '\u2028'],
    ['paragraph separator', '\u2029'],
    ['LRE', '\u202a'],
    ['RLE', '\u202b'],
    ['PDF', '\u202c'],
    ['LRO', '\u202d'],
    ['RLO', '\u202e'],
    ['LRI', '\u2066'],
    ['RLI', '\u2067'],
    ['FSI', '\u2068'],
    ['PDI', '\u2069'],
    ['LRM', '\u200e'],
    ['RLM', '\u200f'],
    ['ALM', '\u061c'],
    ['deprecated format', '\u206a'],
    ['BOM', '\ufeff'],
    ['interlinear annotation', '\ufff9'],
    ['noncharacter', '\uffff'],
    ['noncharacter in a plane', '\u{10fffe}'],
    ['lone high surrogate', '\ud800'],
    ['lone low surrogate', '\udc00'],
    ['reversed surrogates', '\udc00\ud800'],
  ])('refuses %s in a one-line field', (_, char) => {
    expect(isCleanText(`a${char}b`)).toBe(false);
    expect(isCleanText(char)).toBe(false);
  });

  it('allows LF, CR and TAB in multi-line fields, nothing else of the above', () => {
    expect(isCleanText('line 1\r\nline 2\n\tindented', { lines: true })).toBe(true);
    for (const char of ['\u0000', '\u000b', '\u000c', '\u007f', '\u0085', '\u2028', '\u202e', '\u2067', '\ud800']) {
      expect(isCleanText(`a${char}b`, { lines: true })).toBe(false);
    }
  });

  it('a surrogate pair (a whole character) is fine', () => {
    expect(isCleanText('𠮷野家 😀')).toBe(true);
  });

  it('visible text: not empty, not only spaces of any kind', () => {
    for (const blank of ['', ' ', '   ', '\t', '\u3000', '\u00a0', '\u2003', '\u200b', '\u200d', '\u0301']) {
      expect(hasVisibleText(blank)).toBe(false);
    }
    for (const text of ['a', ' a ', '\u3000山田', '-', '1', '€']) expect(hasVisibleText(text)).toBe(true);
  });
});
