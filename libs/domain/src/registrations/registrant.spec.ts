import { emailKey, localeFromAcceptLanguage } from './registrant';

describe('emailKey', () => {
  it('compares addresses case-insensitively', () => {
    expect(emailKey(' Alice@X.com ')).toBe(emailKey('alice@x.COM'));
  });

  it('uses the normal form, so look-alike spellings share one key', () => {
    expect(emailKey('ＡＬＩＣＥ@Bücher.example')).toBe('alice@xn--bcher-kva.example');
    expect(emailKey('not an address')).toBe('not an address');
  });
});

describe('localeFromAcceptLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['ja', 'ja'],
    ['ja-JP,ja;q=0.9,en;q=0.8', 'ja'],
    ['en-US,en;q=0.9,ja;q=0.8', 'en'],
    ['fr-FR,ja;q=0.5,en;q=0.4', 'ja'],
    ['en;q=0.2, ja;q=0.8', 'ja'],
    ['ja;q=0, en', 'en'],
    ['de', 'en'],
  ])('%j gives %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
