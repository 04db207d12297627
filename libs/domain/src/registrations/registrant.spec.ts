import { emailKey, localeFromAcceptLanguage } from './registrant';

describe('emailKey', () => {
  it('compares addresses case-insensitively', () => {
    expect(emailKey(' Alice@X.com ')).toBe(emailKey('alice@x.COM'));
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
