import { normalizeEmail } from './email-address';

const address = (raw: string) => normalizeEmail(raw).address;
const problem = (raw: string) => normalizeEmail(raw).problem;

describe('normalizeEmail', () => {
  it('keeps a plain address, lower-cased', () => {
    expect(address('hanako.yamada@example.jp')).toBe('hanako.yamada@example.jp');
    expect(address('Alice.Smith@Example.COM')).toBe('alice.smith@example.com');
  });

  it('folds fullwidth forms (NFKC) to the plain address', () => {
    expect(address('ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｏｒｇ')).toBe('alice@example.org');
    expect(address('ＡＬＩＣＥ@example.org')).toBe('alice@example.org');
    expect(address('alice﹫example.org')).toBe('alice@example.org');
  });

  it('composes a letter and its combining accent, so both spellings are one address', () => {
    const composed = address('jos\u00e9@example.org');
    expect(composed).toBe('jos\u00e9@example.org');
    expect(address('jose\u0301@example.org')).toBe(composed);
    expect(address('JOSE\u0301@example.org')).toBe(composed);
  });

  it('refuses a combining mark with nothing to carry it', () => {
    expect(problem('\u0301alice@example.org')).toMatch(/accents/);
    expect(problem('q\u0301@example.org')).toMatch(/accents/);
    expect(problem('alice@\u0301example.org')).toBeDefined();
  });

  it('writes an internationalized domain in punycode, so both spellings are one address', () => {
    expect(address('anna@bücher.example')).toBe('anna@xn--bcher-kva.example');
    expect(address('anna@xn--bcher-kva.example')).toBe('anna@xn--bcher-kva.example');
    expect(address('anna@BÜCHER.example')).toBe('anna@xn--bcher-kva.example');
    expect(address('taro@例え.jp')).toBe('taro@xn--r8jz45g.jp');
    expect(address('taro@例え。jp')).toBe('taro@xn--r8jz45g.jp');
  });

  it('keeps plus-addressing distinct', () => {
    expect(address('ana+news@example.org')).toBe('ana+news@example.org');
    expect(address('ana+news@example.org')).not.toBe(address('ana@example.org'));
  });

  it.each([
    ['soft hyphen', 'a\u00adlice@example.org'],
    ['zero-width space', 'ali\u200bce@example.org'],
    ['zero-width non-joiner', 'ali\u200cce@example.org'],
    ['zero-width joiner', 'ali\u200dce@example.org'],
    ['word joiner', 'ali\u2060ce@example.org'],
    ['BOM', '\ufeffalice@example.org'],
    ['right-to-left override', 'alice\u202e@example.org'],
    ['left-to-right mark', 'alice\u200e@example.org'],
    ['isolate', 'alice\u2066@example.org'],
    ['tag character', 'alice\u{e0041}@example.org'],
    ['combining grapheme joiner', 'ali\u034fce@example.org'],
    ['variation selector', 'alice\ufe0f@example.org'],
    ['Hangul filler', 'alice\u3164@example.org'],
    ['soft hyphen in the domain', 'alice@exam\u00adple.org'],
    ['zero-width space in the domain', 'alice@exam\u200bple.org'],
    ['NUL', 'alice\u0000@example.org'],
    ['NEXT LINE', 'alice\u0085@example.org'],
    ['lone surrogate', 'alice\ud800@example.org'],
  ])('refuses invisible characters: %s', (_, raw) => {
    expect(problem(raw)).toMatch(/invisible or control/);
  });

  it.each([
    ['no dot in the domain', 'alice@example'],
    ['localhost', 'root@localhost'],
    ['IP literal', 'alice@[127.0.0.1]'],
    ['bare IP', 'alice@127.0.0.1'],
    ['numeric TLD', 'alice@example.123'],
    ['trailing dot', 'alice@example.org.'],
    ['empty label', 'alice@example..org'],
    ['underscore in the domain', 'alice@ex_ample.org'],
    ['no local part', '@example.org'],
    ['no domain', 'alice@'],
    ['no @', 'alice.example.org'],
    ['two @', 'alice@bob@example.org'],
    ['fullwidth second @', 'alice＠bob@example.org'],
    ['leading dot', '.alice@example.org'],
    ['double dot', 'al..ice@example.org'],
    ['display name', 'Alice <alice@example.org>'],
    ['space', 'alice smith@example.org'],
    ['ideographic space', 'alice\u3000@example.org'],
    ['quotes', '"alice"@example.org'],
    ['fullwidth quote', '＂alice＂@example.org'],
    ['comma', 'alice,bob@example.org'],
    ['CRLF', 'alice@example.org\r\nBcc: x@example.org'],
    ['local part over 64 octets', `${'a'.repeat(65)}@example.org`],
    [
      'address over 254 octets',
      `alice@${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(8)}.org`,
    ],
    ['empty', ''],
  ])('refuses %s', (_, raw) => {
    expect(normalizeEmail(raw).address).toBeUndefined();
  });

  it('is idempotent', () => {
    for (const raw of ['ＡＬＩＣＥ@Bücher.example', 'jose\u0301+x@Example.org', 'taro@例え。jp']) {
      const once = address(raw)!;
      expect(address(once)).toBe(once);
    }
  });
});
