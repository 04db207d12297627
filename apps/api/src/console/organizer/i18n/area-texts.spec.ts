import { consoleTranslator } from '../../i18n';
import { deliveriesEn } from './deliveries-en';
import { deliveriesJa } from './deliveries-ja';
import { questionsEn } from './questions-en';
import { questionsJa } from './questions-ja';

/** The dictionaries of single organizer pages: same keys and placeholders in both languages, under `org.`. */
describe.each([
  ['deliveries', deliveriesEn, deliveriesJa as Record<string, string>],
  ['questions', questionsEn, questionsJa as Record<string, string>],
])('%s texts', (_area, en: Record<string, string>, ja: Record<string, string>) => {
  it('have the same keys and placeholders in both languages, in the org. namespace', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en)) {
      expect([key, placeholders(ja[key])]).toEqual([key, placeholders(en[key])]);
      expect(ja[key].trim()).not.toBe('');
      expect(key.startsWith('org.')).toBe(true);
    }
  });
});

it('the console dictionary holds the delivery texts', () => {
  expect(consoleTranslator('en')('org.dlv.retried', { n: 3 })).toBe('3 failed messages were queued again.');
  expect(consoleTranslator('ja')('org.dlv.retried', { n: 3 })).toBe(
    '失敗したメッセージ 3 件を再びキューに入れました。',
  );
});
