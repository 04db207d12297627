import { consoleTranslator, type ConsoleLocale } from '../i18n';
import type { NumbersKey } from '../organizer/i18n/numbers-en';
import type { Attendance, EventNumbers, Group, WebinarTotals } from '../../numbers/numbers.service';
import { barChart, BarItem, stackedDailyChart } from './svg-charts';

type Translate = (key: NumbersKey, params?: Record<string, string | number>) => string;

/** Bars drawn per breakdown; the rest are summed into one "Others (n)" bar (the table lists all). */
export const MAX_BARS = 10;
/** Row keys of "no partner link" and of the summed bar: never a slug, zone, locale or id. */
export const NONE_KEY = '(none)';
export const OTHERS_KEY = '(others)';

export interface NumbersTableRow {
  key: string;
  label: string;
  lang?: string;
  /** One number per column after the first, in the order of `columns`. */
  cells: Array<{ col: string; value: number; text: string }>;
}

export interface NumbersChart {
  /** Unique on the page: the chart's id and the prefix of its pattern ids. */
  id: string;
  heading: string;
  /** The SVG markup (built escaped by `svg-charts`): print unescaped. */
  svg: string;
  table: { columns: Array<{ col: string; label: string }>; rows: NumbersTableRow[] };
}

export interface NumbersSection {
  summary: Array<{ key: string; label: string; value: string }>;
  notes: string[];
  /** Shown instead of the daily chart before the webinar is published. */
  dailyNote?: string;
  charts: NumbersChart[];
}

function formats(locale: ConsoleLocale) {
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  // ISO dates are read at UTC midnight and printed in UTC: the day itself, whatever the server's zone.
  const short = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    timeZone: 'UTC',
  });
  const day = (iso: string, f: Intl.DateTimeFormat) => f.format(new Date(`${iso}T00:00:00Z`));
  return {
    number: (v: number) => number.format(v),
    percent: (part: number, whole: number) => percent.format(whole === 0 ? 0 : part / whole),
    shortDay: (iso: string) => day(iso, short),
    longDay: (iso: string) => day(iso, long),
  };
}

type Formats = ReturnType<typeof formats>;

export function attendanceText(a: Attendance, t: Translate, f: Formats): string {
  return t('org.numbers.attendanceValue', {
    attended: f.number(a.attended),
    confirmed: f.number(a.confirmed),
    rate: f.percent(a.attended, a.confirmed),
  });
}

function statusCells(g: Group, f: Formats) {
  return [
    { col: 'confirmed', value: g.confirmed, text: f.number(g.confirmed) },
    { col: 'waitlisted', value: g.waitlisted, text: f.number(g.waitlisted) },
    { col: 'total', value: g.confirmed + g.waitlisted, text: f.number(g.confirmed + g.waitlisted) },
  ];
}

/** The largest groups as bars, the rest as one "Others (n)" bar. */
function barsOf(rows: readonly NumbersTableRow[], t: Translate, f: Formats): BarItem[] {
  const total = (r: NumbersTableRow) => r.cells[r.cells.length - 1].value;
  const items: BarItem[] = rows
    .slice(0, MAX_BARS)
    .map((r) => ({ key: r.key, label: r.label, value: total(r), ...(r.lang ? { lang: r.lang } : {}) }));
  const rest = rows.slice(MAX_BARS);
  if (rest.length > 0) {
    items.push({
      key: OTHERS_KEY,
      label: t('org.numbers.others', { n: f.number(rest.length) }),
      value: rest.reduce((sum, r) => sum + total(r), 0),
    });
  }
  return items;
}

function breakdown(
  id: string,
  heading: string,
  firstColumn: string,
  rows: NumbersTableRow[],
  t: Translate,
  f: Formats,
  page: ConsoleLocale,
): NumbersChart {
  const items = barsOf(rows, t, f);
  const list = items.map((i) => `${i.label} ${f.number(i.value)}`).join(page === 'ja' ? '、' : ', ');
  return {
    id,
    heading,
    svg: barChart({
      id,
      title: heading,
      desc: items.length ? t('org.numbers.barDesc', { heading, list }) : t('org.numbers.empty'),
      items,
      empty: t('org.numbers.empty'),
      format: f.number,
    }),
    table: {
      columns: [
        { col: 'name', label: firstColumn },
        { col: 'confirmed', label: t('org.numbers.confirmed') },
        { col: 'waitlisted', label: t('org.numbers.waitlisted') },
        { col: 'total', label: t('org.numbers.total') },
      ],
      rows,
    },
  };
}

function nameIn(name: Group['name'], locale: ConsoleLocale): { label: string; lang?: string } {
  const mine = name?.[locale];
  if (mine) return { label: mine };
  const other = locale === 'ja' ? 'en' : 'ja';
  return { label: name?.[other] ?? '', lang: other };
}

/**
 * The numbers section of an event page: a summary, then one chart per
 * breakdown with its table (the same numbers, from the same groups). The
 * daily chart stacks confirmed (solid) and waitlisted (hatched).
 */
export function numbersSection(numbers: EventNumbers, locale: ConsoleLocale, host: boolean): NumbersSection {
  const t: Translate = consoleTranslator(locale);
  const f = formats(locale);
  const { totals } = numbers;
  const summary = [
    { key: 'confirmed', label: t('org.numbers.confirmed'), value: f.number(totals.confirmed) },
    { key: 'waitlisted', label: t('org.numbers.waitlisted'), value: f.number(totals.waitlisted) },
    { key: 'cancelled', label: t('org.numbers.cancelled'), value: f.number(totals.cancelled) },
  ];
  if (numbers.attendance) {
    summary.push({
      key: 'attendance',
      label: t('org.numbers.attendance'),
      value: attendanceText(numbers.attendance, t, f),
    });
  }
  const notes = [t('org.numbers.daysIn', { zone: numbers.zone }), t('org.numbers.counting')];
  if (!host) notes.push(t('org.numbers.cohostNote'));

  const charts: NumbersChart[] = [];
  if (numbers.daily) {
    const days = numbers.daily;
    const heading = t('org.numbers.daily.heading');
    const confirmed = days.map((d) => d.confirmed);
    const waitlisted = days.map((d) => d.waitlisted);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const peak = days.reduce((best, d) => (d.confirmed + d.waitlisted > best.confirmed + best.waitlisted ? d : best));
    const range = { from: f.longDay(days[0].day), to: f.longDay(days[days.length - 1].day), zone: numbers.zone };
    const desc =
      sum(confirmed) + sum(waitlisted) === 0
        ? t('org.numbers.daily.descNone', range)
        : t('org.numbers.daily.desc', {
            ...range,
            confirmed: f.number(sum(confirmed)),
            waitlisted: f.number(sum(waitlisted)),
            peakDay: f.longDay(peak.day),
            peak: f.number(peak.confirmed + peak.waitlisted),
          });
    charts.push({
      id: 'numbers-daily',
      heading,
      svg: stackedDailyChart({
        id: 'numbers-daily',
        title: heading,
        desc,
        days: days.map((d) => ({ day: d.day, label: f.shortDay(d.day) })),
        series: [
          { key: 'confirmed', name: t('org.numbers.confirmed'), values: confirmed },
          { key: 'waitlisted', name: t('org.numbers.waitlisted'), values: waitlisted },
        ],
        empty: t('org.numbers.empty'),
        format: f.number,
      }),
      table: {
        columns: [
          { col: 'name', label: t('org.numbers.daily.col') },
          { col: 'confirmed', label: t('org.numbers.confirmed') },
          { col: 'waitlisted', label: t('org.numbers.waitlisted') },
          { col: 'total', label: t('org.numbers.total') },
        ],
        rows: days.map((d) => ({ key: d.day, label: f.longDay(d.day), cells: statusCells({ key: d.day, ...d }, f) })),
      },
    });
  }

  const rowsOf = (groups: Group[], label: (g: Group) => { label: string; lang?: string }) =>
    groups.map((g) => ({ key: g.key ?? NONE_KEY, ...label(g), cells: statusCells(g, f) }));

  charts.push(
    breakdown(
      'numbers-via',
      t('org.numbers.via.heading'),
      t('org.numbers.via.col'),
      rowsOf(numbers.byVia, (g) =>
        g.key === null ? { label: t('org.numbers.via.direct') } : nameIn(g.name ?? { en: g.key }, locale),
      ),
      t,
      f,
      locale,
    ),
    breakdown(
      'numbers-locale',
      t('org.numbers.locale.heading'),
      t('org.numbers.locale.col'),
      rowsOf(numbers.byLocale, (g) => ({ label: t(`org.numbers.locale.${g.key as 'en'}`) })),
      t,
      f,
      locale,
    ),
    breakdown(
      'numbers-timezone',
      t('org.numbers.timezone.heading'),
      t('org.numbers.timezone.col'),
      rowsOf(numbers.byTimezone, (g) => ({ label: g.key ?? '' })),
      t,
      f,
      locale,
    ),
  );
  if (numbers.byMember.length > 0) {
    charts.push(
      breakdown(
        'numbers-member',
        t('org.numbers.member.heading'),
        t('org.numbers.member.col'),
        rowsOf(numbers.byMember, (g) => nameIn(g.name, locale)),
        t,
        f,
        locale,
      ),
    );
  }
  if (numbers.attendance) {
    const a = numbers.attendance;
    const heading = t('org.numbers.attendance.heading');
    const absent = a.confirmed - a.attended;
    const rows: NumbersTableRow[] = [
      {
        key: 'attended',
        label: t('org.numbers.attendance.attended'),
        cells: [{ col: 'count', value: a.attended, text: f.number(a.attended) }],
      },
      {
        key: 'absent',
        label: t('org.numbers.attendance.absent'),
        cells: [{ col: 'count', value: absent, text: f.number(absent) }],
      },
    ];
    charts.push({
      id: 'numbers-attendance',
      heading,
      svg: barChart({
        id: 'numbers-attendance',
        title: heading,
        desc: t('org.numbers.attendance.desc', {
          attended: f.number(a.attended),
          confirmed: f.number(a.confirmed),
          rate: f.percent(a.attended, a.confirmed),
        }),
        items: rows.map((r) => ({ key: r.key, label: r.label, value: r.cells[0].value })),
        empty: t('org.numbers.empty'),
        format: f.number,
      }),
      table: {
        columns: [
          { col: 'name', label: t('org.numbers.attendance.col') },
          { col: 'count', label: t('org.numbers.registrants') },
        ],
        rows,
      },
    });
  }
  return {
    summary,
    notes,
    dailyNote: numbers.daily ? undefined : t('org.numbers.daily.unpublished'),
    charts,
  };
}

/** A webinar's totals on the dashboard, in words (and each number for tests and scripts). */
export function totalsLine(totals: WebinarTotals, locale: ConsoleLocale, past: boolean) {
  const t: Translate = consoleTranslator(locale);
  const f = formats(locale);
  const line = t('org.numbers.dash.line', {
    confirmed: f.number(totals.confirmed),
    waitlisted: f.number(totals.waitlisted),
    cancelled: f.number(totals.cancelled),
  });
  const attendance = !past
    ? undefined
    : `${t('org.numbers.attendance')} ${
        totals.attendance ? attendanceText(totals.attendance, t, f) : t('org.numbers.notRecorded')
      }`;
  return {
    label: t('org.numbers.dash.totals'),
    text: attendance ? `${line} · ${attendance}` : line,
    confirmed: totals.confirmed,
    waitlisted: totals.waitlisted,
    cancelled: totals.cancelled,
    attended: totals.attendance?.attended ?? null,
  };
}
