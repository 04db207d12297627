import { requestLanguage, textIn } from './request-language';

describe('request language', () => {
  it('prefers ?lang, then Accept-Language by q-value, then English', () => {
    expect(requestLanguage('ja', 'en')).toBe('ja');
    expect(requestLanguage(undefined, 'ja-JP,ja;q=0.9,en;q=0.8')).toBe('ja');
    expect(requestLanguage(undefined, 'en;q=0.5, ja;q=0.8')).toBe('ja');
    expect(requestLanguage(undefined, 'da, en-GB;q=0.8, ja;q=0.1')).toBe('en');
    expect(requestLanguage(undefined, 'ja;q=0, de')).toBe('en');
    expect(requestLanguage(undefined, undefined)).toBe('en');
  });

  it('falls back to the other language of a bilingual text', () => {
    expect(textIn({ ja: '東京' }, 'en')).toBe('東京');
    expect(textIn({ en: 'Tokyo', ja: '東京' }, 'ja')).toBe('東京');
    expect(textIn({ en: null, ja: null }, 'en')).toBe('');
  });
});
