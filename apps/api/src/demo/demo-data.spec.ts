import { DEMO_MEMBERS, demoPeople, seededRandom } from './demo-data';

describe('demo people', () => {
  it('are the same on every load, distinct, and at the roster organizations', () => {
    const first = demoPeople(300, seededRandom(7));
    expect(demoPeople(300, seededRandom(7))).toEqual(first);
    expect(new Set(first.map((p) => p.email)).size).toBe(300);
    const domains = new Set(DEMO_MEMBERS.map((m) => m.domain));
    for (const person of first) {
      expect(person.email).toMatch(/^[a-z]+\.[a-z]+@[a-z-]+\.example$/);
      expect(domains.has(person.email.split('@')[1])).toBe(true);
    }
  });

  it('speak both languages, with Japanese names in Japanese and European names in English', () => {
    const people = demoPeople(300, seededRandom(7));
    const ja = people.filter((p) => p.locale === 'ja');
    const en = people.filter((p) => p.locale === 'en');
    expect(ja.length).toBeGreaterThan(60);
    expect(en.length).toBeGreaterThan(60);
    expect(ja.every((p) => /^[\u3005\u4e00-\u9fff]+ [\u3040-\u30ff\u4e00-\u9fff]+$/.test(p.name))).toBe(true);
    expect(en.some((p) => p.timezone.startsWith('Europe/') && /ø|ü|ñ|ú|Ø|Ü/i.test(p.name + p.organization))).toBe(true);
  });

  it('never hands out an address that is already taken', () => {
    const taken = new Set(demoPeople(100, seededRandom(1)).map((p) => p.email));
    const more = demoPeople(100, seededRandom(1), new Set(taken));
    expect(more.filter((p) => taken.has(p.email))).toEqual([]);
  });
});
