import { organizerEn } from './i18n-en';
import { organizerJa } from './i18n-ja';
import { isOrganizerKey, organizerTranslator } from './i18n';

describe('organizer texts', () => {
  it('have the same keys and the same placeholders in both languages', () => {
    expect(Object.keys(organizerJa).sort()).toEqual(Object.keys(organizerEn).sort());
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(organizerEn) as Array<keyof typeof organizerEn>) {
      expect([key, placeholders(organizerJa[key])]).toEqual([key, placeholders(organizerEn[key])]);
      expect(organizerJa[key].trim()).not.toBe('');
    }
  });

  it('fill placeholders and leave unknown ones visible', () => {
    const t = organizerTranslator('en');
    expect(t('org.notice.save', { n: 3 })).toBe('Save and notify 3 people');
    expect(t('org.notice.save')).toBe('Save and notify {n} people');
    expect(organizerTranslator('ja')('org.seats.limited', { confirmed: 1, capacity: 2 })).toBe('2 席中 1 名確定');
    expect(isOrganizerKey('org.event.edit')).toBe(true);
    expect(isOrganizerKey('toString')).toBe(false);
  });
});
