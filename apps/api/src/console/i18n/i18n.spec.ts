import { consoleTranslator, dictionaryKeys } from '.';

describe('console dictionaries', () => {
  it('have the same keys in Japanese and English', () => {
    expect(dictionaryKeys('ja')).toEqual(dictionaryKeys('en'));
  });

  it('keep the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const en = consoleTranslator('en');
    const ja = consoleTranslator('ja');
    for (const key of dictionaryKeys('en')) {
      const k = key as Parameters<typeof en>[0];
      expect([key, placeholders(ja(k))]).toEqual([key, placeholders(en(k))]);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(consoleTranslator('en')('nav.signedInAs', { email: 'a@b.example' })).toBe('Signed in as a@b.example');
    expect(consoleTranslator('en')('nav.signedInAs')).toBe('Signed in as {email}');
  });
});
