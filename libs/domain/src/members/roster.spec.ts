import { domainCandidates, normalizeDomain, parseCsv, parseRosterCsv } from './roster';

describe('roster', () => {
  it('normalizes domains and refuses what is not one', () => {
    expect(normalizeDomain(' @Example.JP ')).toBe('example.jp');
    expect(normalizeDomain('例え.jp')).toBe('xn--r8jz45g.jp');
    for (const bad of ['', 'a@b.jp', 'no spaces.jp', 'localhost', '1.2.3.4']) expect(normalizeDomain(bad)).toBeNull();
  });

  it('lists the domain and its parents, longest first', () => {
    expect(domainCandidates('x@lab.kyoto-u.ac.jp')).toEqual(['lab.kyoto-u.ac.jp', 'kyoto-u.ac.jp', 'ac.jp', 'jp']);
  });

  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b, ""c""\nd"\r\ne,f')).toEqual([
      ['a', 'b, "c"\nd'],
      ['e', 'f'],
    ]);
  });

  it('reports each bad line with its number and reason, in any column order', () => {
    const result = parseRosterCsv(
      'domains,name_en\nok.example,OK\nbad domain!,Bad\nnew.example,\nok.example,Dup\nold.example,Old\n\n',
      new Set(['old.example']),
    );
    expect(result.rows).toEqual([{ line: 2, nameJa: null, nameEn: 'OK', domains: ['ok.example'] }]);
    expect(result.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, 'bad_domain'],
      [4, 'missing_name'],
      [5, 'duplicate_domain'],
      [6, 'duplicate_domain'],
    ]);
  });
});
