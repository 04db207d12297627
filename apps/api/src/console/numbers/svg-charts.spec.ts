import { barChart, escapeXml, fitLabel, labelStep, niceScale, stackedDailyChart, textWidthEm } from './svg-charts';

const format = (v: number) => new Intl.NumberFormat('en').format(v);

/** Attributes of every element named `tag` (a small reader for the markup the builder writes). */
function elements(svg: string, tag: string): Array<Record<string, string>> {
  const found: Array<Record<string, string>> = [];
  for (const m of svg.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    found.push(attrs);
  }
  return found;
}

/** The text content of every `<text>` element, entities left as written. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** Tags open and close in order (the markup is well formed). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)\b[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]);
  }
  return stack.length === 0;
}

describe('niceScale', () => {
  it.each([
    [0, 1, [0, 1]],
    [1, 1, [0, 1]],
    [7, 8, [0, 2, 4, 6, 8]],
    [10, 10, [0, 2, 4, 6, 8, 10]],
    [37, 40, [0, 10, 20, 30, 40]],
    [10_000, 10_000, [0, 2000, 4000, 6000, 8000, 10_000]],
    [10_001, 15_000, [0, 5000, 10_000, 15_000]],
  ])('max %d -> top %d with whole 1-2-5 steps', (max, top, ticks) => {
    const scale = niceScale(max);
    expect(scale.max).toBe(top);
    expect(scale.ticks).toEqual(ticks);
    expect(scale.max).toBeGreaterThanOrEqual(max);
  });
});

describe('labels', () => {
  it('escapes markup and quotes', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;');
  });

  it('counts Japanese characters as wide and cuts whole characters with an ellipsis', () => {
    expect(textWidthEm('日本語')).toBe(3);
    expect(textWidthEm('abc')).toBeCloseTo(1.8);
    expect(fitLabel('short', 10)).toBe('short');
    expect(fitLabel('東京大学医学部附属病院', 5)).toBe('東京大学…');
    const cut = fitLabel('𠮷野家𠮷野家𠮷野家', 4);
    expect(cut).toBe('𠮷野家…');
    expect([...cut].every((ch) => ch.codePointAt(0)! < 0xd800 || ch.codePointAt(0)! > 0xdfff)).toBe(true);
  });

  it('thins day labels to about seven', () => {
    expect(labelStep(1)).toBe(1);
    expect(labelStep(7)).toBe(1);
    expect(labelStep(8)).toBe(2);
    expect(labelStep(180)).toBe(26);
  });
});

describe('barChart', () => {
  const frame = { id: 'by-via', title: 'By partner', desc: 'Registrants by partner', empty: 'No one yet', format };

  it('draws nothing but the message when there is no data', () => {
    for (const items of [[], [{ key: 'a', label: 'A', value: 0 }]]) {
      const svg = barChart({ ...frame, items });
      expect(svg).toContain('role="img"');
      expect(svg).toContain('<title id="by-via-title">By partner</title>');
      expect(svg).toContain('aria-labelledby="by-via-title by-via-desc"');
      expect(elements(svg, 'rect')).toEqual([]);
      expect(texts(svg)).toEqual(['No one yet']);
      expect(balanced(svg)).toBe(true);
    }
  });

  it('puts each bar in proportion on a nice scale, with its value printed and in data attributes', () => {
    const svg = barChart({
      ...frame,
      items: [
        { key: 'a', label: 'Alpha', value: 30 },
        { key: 'b', label: 'Beta', value: 15 },
        { key: 'c', label: 'Gamma', value: 0 },
      ],
    });
    expect(balanced(svg)).toBe(true);
    const bars = elements(svg, 'g').filter((g) => g.class === 'chart-bar');
    expect(bars.map((b) => [b['data-key'], b['data-label'], b['data-value']])).toEqual([
      ['a', 'Alpha', '30'],
      ['b', 'Beta', '15'],
      ['c', 'Gamma', '0'],
    ]);
    const rects = elements(svg, 'rect');
    const widths = rects.map((r) => Number(r.width));
    // Scale 0..30 (ticks 0, 10, 20, 30): the 30 bar fills the plot, the 15 bar half of it.
    expect(widths[0]).toBeCloseTo(2 * widths[1], 1);
    expect(widths[2]).toBe(0);
    expect(new Set(rects.map((r) => r.x)).size).toBe(1);
    expect(
      elements(svg, 'text')
        .filter((t) => t['data-tick'] !== undefined)
        .map((t) => t['data-tick']),
    ).toEqual(['0', '10', '20', '30']);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Alpha', '30', 'Beta', '15', 'Gamma', '0']));
    // Bars go down the chart in the order given, none overlapping.
    const ys = rects.map((r) => Number(r.y));
    expect(ys).toEqual([...ys].sort((p, q) => p - q));
    expect(ys[1] - ys[0]).toBeGreaterThanOrEqual(Number(rects[0].height));
  });

  it('fits 10,000 in one bucket inside the view box with a grouped label', () => {
    const svg = barChart({ ...frame, items: [{ key: 'x', label: 'X', value: 10_000 }] });
    const [viewX, , viewW] = elements(svg, 'svg')[0].viewBox.split(' ').map(Number);
    const rect = elements(svg, 'rect')[0];
    expect(Number(rect.x) + Number(rect.width)).toBeLessThanOrEqual(viewX + viewW);
    const value = elements(svg, 'text').find((t) => t.class === 'chart-value')!;
    // "10,000" at 14 units a character and 0.6 em each still ends inside the box.
    expect(Number(value.x) + textWidthEm('10,000') * 14).toBeLessThanOrEqual(viewW);
    expect(texts(svg)).toContain('10,000');
    expect(elements(svg, 'text').find((t) => t['data-tick'] === '10000')).toBeDefined();
  });

  it('cuts a long partner name in the picture and keeps it whole in the tooltip and data', () => {
    const long = 'The Very Long Name of a Partner Institute for Advanced Biomedical Research';
    const svg = barChart({ ...frame, items: [{ key: 'p', label: long, value: 3 }] });
    const shown = texts(svg)[texts(svg).length - 2];
    expect(shown.endsWith('…')).toBe(true);
    expect(textWidthEm(shown) * 14).toBeLessThanOrEqual(480 / 3);
    expect(svg).toContain(`<title>${long}: 3</title>`);
    expect(svg).toContain(`data-label="${long}"`);
  });

  it('escapes Japanese and hostile labels, titles and keys', () => {
    const svg = barChart({
      ...frame,
      id: 'x"y',
      title: 'パートナー別 <b>',
      lang: 'ja',
      items: [{ key: '"><script>', label: '<img src=x onerror=alert(1)>東京', value: 1, lang: 'ja' }],
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('パートナー別 &#60;b&#62;');
    expect(svg).toContain('&#60;img src=x onerror=alert(1)&#62;東京');
    expect(svg).toContain('data-key="&#34;&#62;&#60;script&#62;"');
    expect(svg).toContain('id="x&#34;y"');
    expect(balanced(svg)).toBe(true);
  });
});

describe('stackedDailyChart', () => {
  const frame = {
    id: 'daily',
    title: 'Per day',
    desc: 'Registrations per day',
    empty: 'Not published',
    format,
  };
  const day = (d: string) => ({ day: d, label: d.slice(5) });

  it('shows the message without days', () => {
    const svg = stackedDailyChart({ ...frame, days: [], series: [] });
    expect(texts(svg)).toEqual(['Not published']);
    expect(elements(svg, 'rect')).toEqual([]);
  });

  it('draws one day, stacked bottom up, with a legend whose second series is hatched', () => {
    const svg = stackedDailyChart({
      ...frame,
      days: [day('2026-12-01')],
      series: [
        { key: 'confirmed', name: 'Confirmed', values: [6] },
        { key: 'waitlisted', name: 'Waitlisted', values: [4] },
      ],
    });
    expect(balanced(svg)).toBe(true);
    const [g] = elements(svg, 'g').filter((x) => x.class === 'chart-day');
    expect(g).toMatchObject({ 'data-day': '2026-12-01', 'data-confirmed': '6', 'data-waitlisted': '4' });
    const bars = elements(svg, 'rect').filter((r) => r['data-series']);
    expect(bars.map((r) => r['data-series'])).toEqual(['confirmed', 'waitlisted']);
    const [c, w] = bars;
    // Scale 0..10: 6 and 4 of 190 units; waitlisted sits right on top of confirmed.
    expect(Number(c.height)).toBeCloseTo(114, 1);
    expect(Number(w.height)).toBeCloseTo(76, 1);
    expect(Number(w.y) + Number(w.height)).toBeCloseTo(Number(c.y), 1);
    expect(Number(c.y) + Number(c.height)).toBeCloseTo(220, 1);
    expect(w.fill).toBe('url(#daily-s1)');
    expect(svg).toContain('<pattern id="daily-s1"');
    const legend = elements(svg, 'g').filter((x) => x.class === 'chart-legend');
    expect(legend.map((x) => x['data-series'])).toEqual(['confirmed', 'waitlisted']);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Confirmed', 'Waitlisted', '12-01']));
  });

  it('keeps zero days as empty slots, labels about seven of them and fits 10,000 in one day', () => {
    const days = Array.from({ length: 30 }, (_, i) => day(`2026-11-${String(i + 1).padStart(2, '0')}`));
    const confirmed = days.map((_, i) => (i === 10 ? 10_000 : 0));
    const waitlisted = days.map(() => 0);
    const svg = stackedDailyChart({
      ...frame,
      days,
      series: [
        { key: 'confirmed', name: 'Confirmed', values: confirmed },
        { key: 'waitlisted', name: 'Waitlisted', values: waitlisted },
      ],
    });
    const groups = elements(svg, 'g').filter((x) => x.class === 'chart-day');
    expect(groups).toHaveLength(30);
    expect(groups.map((g) => Number(g['data-confirmed']))).toEqual(confirmed);
    const bars = elements(svg, 'rect').filter((r) => r['data-series']);
    expect(bars).toHaveLength(1);
    expect(Number(bars[0].y)).toBeCloseTo(30, 1);
    expect(texts(svg).filter((t) => /^\d\d-\d\d$/.test(t))).toHaveLength(Math.ceil(30 / labelStep(30)));
    expect(elements(svg, 'text').some((t) => t['data-tick'] === '10000')).toBe(true);
    const [, , viewW] = elements(svg, 'svg')[0].viewBox.split(' ').map(Number);
    for (const g of elements(svg, 'rect')) expect(Number(g.x ?? 0) + Number(g.width ?? 0)).toBeLessThanOrEqual(viewW);
  });

  it('draws the axis for a published webinar without registrations yet', () => {
    const svg = stackedDailyChart({
      ...frame,
      days: [day('2026-12-01'), day('2026-12-02')],
      series: [{ key: 'confirmed', name: 'Confirmed', values: [0, 0] }],
    });
    expect(elements(svg, 'g').filter((x) => x.class === 'chart-day')).toHaveLength(2);
    expect(elements(svg, 'rect').filter((r) => r['data-series'])).toHaveLength(0);
    expect(
      elements(svg, 'text')
        .filter((t) => t['data-tick'])
        .map((t) => t['data-tick']),
    ).toEqual(['0', '1']);
  });

  it('refuses series that do not match the days or keys that are no attribute name', () => {
    expect(() =>
      stackedDailyChart({ ...frame, days: [day('2026-12-01')], series: [{ key: 'a', name: 'A', values: [] }] }),
    ).toThrow(/one value per day/);
    expect(() =>
      stackedDailyChart({ ...frame, days: [day('2026-12-01')], series: [{ key: 'a b', name: 'A', values: [1] }] }),
    ).toThrow(/series key/);
  });

  it('escapes Japanese series names and day labels', () => {
    const svg = stackedDailyChart({
      ...frame,
      lang: 'ja',
      days: [{ day: '2026-12-01', label: '12月1日<' }],
      series: [{ key: 'confirmed', name: '確定 & "済"', values: [2] }],
    });
    expect(svg).toContain('12月1日&#60;');
    expect(svg).toContain('確定 &#38; &#34;済&#34;');
    expect(svg).toContain('lang="ja"');
    expect(balanced(svg)).toBe(true);
  });
});
