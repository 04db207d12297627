import { NOTIFICATION_CATALOGUE, NOTIFICATION_KINDS } from '@cohost/domain';
import { TEMPLATES } from '.';

describe('templates of the notification kinds', () => {
  // The compiler checks the keys of the two sets; this holds for whatever a kind declares at run time.
  it.each(NOTIFICATION_KINDS)('has a Japanese and an English template for %s', (kind) => {
    const key = NOTIFICATION_CATALOGUE[kind].template;
    for (const locale of ['ja', 'en'] as const) {
      const template = (TEMPLATES[locale].kinds as Record<string, unknown>)[key];
      expect({ locale, key, template }).toEqual({ locale, key, template: expect.objectContaining({}) });
      expect(TEMPLATES[locale].kinds[key].subject).toEqual(expect.any(Function));
      expect(TEMPLATES[locale].kinds[key].body).toEqual(expect.any(Function));
    }
  });

  it.each(
    NOTIFICATION_KINDS.filter((kind) =>
      ['console-user', 'partner-contact'].includes(NOTIFICATION_CATALOGUE[kind].audience),
    ),
  )('gives the eventless kind %s a link label and a footer in both languages', (kind) => {
    const key = NOTIFICATION_CATALOGUE[kind].template;
    for (const locale of ['ja', 'en'] as const) {
      const template = TEMPLATES[locale].kinds[key];
      expect(template).toEqual(
        expect.objectContaining({ linkLabel: expect.stringMatching(/\S/), footer: expect.stringMatching(/\S/) }),
      );
    }
  });

  it('has no template that no kind uses', () => {
    const used = new Set(NOTIFICATION_KINDS.map((kind) => NOTIFICATION_CATALOGUE[kind].template));
    for (const locale of ['ja', 'en'] as const) {
      expect(Object.keys(TEMPLATES[locale].kinds).filter((key) => !used.has(key as never))).toEqual([]);
    }
  });
});
