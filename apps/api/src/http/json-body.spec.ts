import { exceedsJsonDepth } from './json-body';

const depth = (text: string, max: number) => exceedsJsonDepth(Buffer.from(text), max);

describe('exceedsJsonDepth', () => {
  it('counts nested objects and arrays', () => {
    expect(depth('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false);
    expect(depth('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true);
    expect(depth('[[[]]]', 3)).toBe(false);
    expect(depth('[[[[]]]]', 3)).toBe(true);
  });

  it('counts depth, not how many siblings there are', () => {
    expect(depth(`[${'[],'.repeat(10_000)}[]]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(depth(`{"a":"${'['.repeat(100)}"}`, 1)).toBe(false);
    expect(depth(`{"a":"\\"${'{'.repeat(100)}\\\\"}`, 1)).toBe(false);
    expect(depth(`{"a":"\\\\","b":[[[]]]}`, 3)).toBe(true);
  });

  it('judges unbalanced text by the depth it reaches', () => {
    expect(depth('['.repeat(100_000), 32)).toBe(true);
    expect(depth(']'.repeat(100), 1)).toBe(false);
  });

  it('sees the same structure through multi-byte characters', () => {
    expect(depth('{"名前":"山田 [花子]","a":["Ø"]}', 2)).toBe(false);
    expect(depth('{"名前":"山田 [花子]","a":[["Ø"]]}', 2)).toBe(true);
  });
});
