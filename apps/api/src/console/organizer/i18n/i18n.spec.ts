import { consoleTranslator } from '../../i18n';
import { organizerEn } from './en';
import { organizerJa } from './ja';

describe('organizer texts', () => {
  it('have the same keys and the same placeholders in both languages', () => {
    expect(Object.keys(organizerJa).sort()).toEqual(Object.keys(organizerEn).sort());
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(organizerEn) as Array<keyof typeof organizerEn>) {
      expect([key, placeholders(organizerJa[key])]).toEqual([key, placeholders(organizerEn[key])]);
      expect(organizerJa[key].trim()).not.toBe('');
    }
  });

  it('live in their own namespace of the console dictionary and fill placeholders', () => {
    expect(Object.keys(organizerEn).every((key) => key.startsWith('org.'))).toBe(true);
    expect(consoleTranslator('en')('org.notice.save', { n: 3 })).toBe('Save and notify 3 people');
    expect(consoleTranslator('ja')('org.seats.limited', { confirmed: 1, capacity: 2 })).toBe('2 席中 1 名確定');
  });
});
