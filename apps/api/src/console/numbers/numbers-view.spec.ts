import { numbersEn } from '../organizer/i18n/numbers-en';
import { numbersJa } from '../organizer/i18n/numbers-ja';
import type { EventNumbers, Group } from '../../numbers/numbers.service';
import { MAX_BARS, numbersSection, totalsLine } from './numbers-view';

const group = (key: string | null, confirmed: number, waitlisted = 0, name?: Group['name']): Group => ({
  key,
  confirmed,
  waitlisted,
  ...(name ? { name } : {}),
});

function numbers(overrides: Partial<EventNumbers> = {}): EventNumbers {
  return {
    zone: 'Asia/Tokyo',
    totals: { confirmed: 1200, waitlisted: 3, cancelled: 2 },
    daily: [
      { day: '2026-11-30', confirmed: 1000, waitlisted: 0 },
      { day: '2026-12-01', confirmed: 0, waitlisted: 0 },
      { day: '2026-12-02', confirmed: 200, waitlisted: 3 },
    ],
    byVia: [group('osaka', 1000, 0, { en: 'Osaka Hub' }), group(null, 200, 3)],
    byLocale: [group('ja', 1100, 3), group('en', 100)],
    byTimezone: [group('Asia/Tokyo', 1203)],
    byMember: [],
    attendance: null,
    ...overrides,
  };
}

describe('numbers texts', () => {
  it('have the same placeholders in both languages', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(numbersEn) as Array<keyof typeof numbersEn>) {
      expect([key, placeholders(numbersJa[key])]).toEqual([key, placeholders(numbersEn[key])]);
      expect(key.startsWith('org.numbers.')).toBe(true);
    }
  });
});

describe('numbersSection', () => {
  it('summarises with grouped digits and describes the daily chart with its peak, in the event zone', () => {
    const section = numbersSection(numbers(), 'en', true);
    expect(section.summary).toEqual([
      { key: 'confirmed', label: 'Confirmed', value: '1,200' },
      { key: 'waitlisted', label: 'Waitlisted', value: '3' },
      { key: 'cancelled', label: 'Cancelled', value: '2' },
    ]);
    expect(section.notes[0]).toBe("Days are those of the webinar's time zone, Asia/Tokyo.");
    expect(section.notes.some((n) => n.includes('co-hosts'))).toBe(false);
    const daily = section.charts[0];
    expect(daily.id).toBe('numbers-daily');
    expect(daily.svg).toContain('the most on Mon, Nov 30, 2026 (1,000)');
    expect(daily.table.rows.map((r) => [r.key, r.cells.map((c) => c.value)])).toEqual([
      ['2026-11-30', [1000, 0, 1000]],
      ['2026-12-01', [0, 0, 0]],
      ['2026-12-02', [200, 3, 203]],
    ]);
  });

  it('names partners in the page language, marks the other language, and says "No partner link"', () => {
    const via = numbersSection(numbers(), 'ja', false).charts.find((c) => c.id === 'numbers-via')!;
    expect(via.table.rows.map((r) => [r.key, r.label, r.lang])).toEqual([
      ['osaka', 'Osaka Hub', 'en'],
      ['(none)', 'パートナーのリンクなし', undefined],
    ]);
    expect(via.svg).toContain('lang="en">Osaka Hub</text>');
  });

  it('tells a co-host what the counts include, and leaves out member and attendance charts without data', () => {
    const section = numbersSection(numbers(), 'ja', false);
    expect(section.notes).toContain(numbersJa['org.numbers.cohostNote']);
    expect(section.charts.map((c) => c.id)).toEqual([
      'numbers-daily',
      'numbers-via',
      'numbers-locale',
      'numbers-timezone',
    ]);
  });

  it('draws the largest member organizations and sums the rest into "Others (n)"', () => {
    const byMember = Array.from({ length: MAX_BARS + 3 }, (_, i) => group(`m${i}`, 20 - i, 0, { ja: `会員${i}` }));
    const chart = numbersSection(numbers({ byMember }), 'en', true).charts.find((c) => c.id === 'numbers-member')!;
    expect(chart.table.rows).toHaveLength(MAX_BARS + 3);
    expect(chart.table.rows[0]).toMatchObject({ label: '会員0', lang: 'ja' });
    expect(chart.svg).toContain('data-key="(others)" data-label="Others (3)" data-value="27"');
    expect(chart.svg.match(/class="chart-bar"/g)).toHaveLength(MAX_BARS + 1);
  });

  it('shows the attendance rate once it exists, in each language', () => {
    const attendance = { attended: 2, confirmed: 3 };
    const en = numbersSection(numbers({ attendance }), 'en', true);
    expect(en.summary[3]).toEqual({ key: 'attendance', label: 'Attendance', value: '2 of 3 (67%)' });
    const ja = numbersSection(numbers({ attendance }), 'ja', true);
    expect(ja.summary[3].value).toBe('3 名中 2 名(67%)');
    const chart = ja.charts.find((c) => c.id === 'numbers-attendance')!;
    expect(chart.table.rows.map((r) => [r.key, r.cells[0].value])).toEqual([
      ['attended', 2],
      ['absent', 1],
    ]);
  });

  it('notes a webinar that was never published instead of drawing days', () => {
    const section = numbersSection(numbers({ daily: null }), 'en', true);
    expect(section.dailyNote).toBe('Registrations per day are shown once the webinar is published.');
    expect(section.charts.some((c) => c.id === 'numbers-daily')).toBe(false);
  });
});

describe('totalsLine', () => {
  it('adds attendance for past webinars only, "not recorded" when there is none', () => {
    const totals = { confirmed: 1500, waitlisted: 0, cancelled: 1, attendance: null };
    expect(totalsLine(totals, 'en', false).text).toBe('Confirmed 1,500 · Waitlisted 0 · Cancelled 1');
    expect(totalsLine(totals, 'en', true).text).toBe(
      'Confirmed 1,500 · Waitlisted 0 · Cancelled 1 · Attendance not recorded',
    );
    const past = totalsLine({ ...totals, attendance: { attended: 750, confirmed: 1500 } }, 'ja', true);
    expect(past.text).toBe('確定 1,500 · キャンセル待ち 0 · キャンセル 1 · 出席率 1,500 名中 750 名(50%)');
    expect(past.attended).toBe(750);
  });
});
