/**
 * Charts as inline SVG markup, built on the server: no script in the
 * browser, they scale with their `viewBox` (no fixed width, so nothing
 * scrolls sideways at 360 px), and every text that comes from data is
 * escaped here. Each chart is `role="img"` named by its `<title>` and
 * described by its `<desc>`; the page puts a table with the same numbers
 * next to it (the text alternative). Bars carry their numbers in `data-*`
 * attributes and in printed labels, so what is drawn can be checked.
 *
 * Colours: text and axes use `currentColor` (the page's text colour); bars
 * are dark enough for 3:1 against white, and the second series of the daily
 * chart is hatched, so colour is never the only way to tell series apart.
 */

/** A series' look: a solid fill, or a fill with white diagonal hatching. */
export const SERIES_STYLES = [
  { fill: '#1f4e8c', hatched: false },
  { fill: '#a34400', hatched: true },
] as const;

const FONT = 14;
const SMALL = 12;

/** Escapes text for element content and double-quoted attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Coordinates with at most two decimals (shorter markup, stable assertions). */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * A scale from 0 with "nice" steps (1, 2 or 5 times a power of ten, whole
 * numbers: these are counts) and at most about `maxTicks` intervals.
 */
export function niceScale(max: number, maxTicks = 5): { max: number; step: number; ticks: number[] } {
  if (!(max > 0)) return { max: 1, step: 1, ticks: [0, 1] };
  const rough = max / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const norm = rough / magnitude;
  const step = Math.max(1, (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return { max: top, step, ticks };
}

/** Wide (CJK, full-width) characters take about 1 em, others about 0.6 em. */
function charWidthEm(ch: string): number {
  const code = ch.codePointAt(0)!;
  return (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
    ? 1
    : 0.6;
}

/** The estimated width of `text` in em. */
export function textWidthEm(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidthEm(ch);
  return width;
}

/** `text` cut to fit `maxEm` (whole characters, never half a surrogate pair), with "…" when cut. */
export function fitLabel(text: string, maxEm: number): string {
  if (textWidthEm(text) <= maxEm) return text;
  let out = '';
  let width = charWidthEm('…');
  for (const ch of text) {
    width += charWidthEm(ch);
    if (width > maxEm) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

interface Frame {
  id: string;
  title: string;
  desc: string;
  lang?: string;
}

function open(frame: Frame, width: number, height: number, kind: string): string {
  const id = escapeXml(frame.id);
  const lang = frame.lang ? ` lang="${escapeXml(frame.lang)}"` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--${kind}" id="${id}" role="img"` +
    ` aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${n(width)} ${n(height)}"` +
    ` preserveAspectRatio="xMinYMin meet" font-size="${FONT}"${lang}>` +
    `<title id="${id}-title">${escapeXml(frame.title)}</title><desc id="${id}-desc">${escapeXml(frame.desc)}</desc>`
  );
}

/** `<defs>` with the hatch pattern of each hatched series (ids prefixed by the chart's, unique on the page). */
function patterns(id: string): string {
  const defs = SERIES_STYLES.map((style, i) =>
    style.hatched
      ? `<pattern id="${escapeXml(id)}-s${i}" patternUnits="userSpaceOnUse" width="8" height="8"` +
        ` patternTransform="rotate(45)"><rect width="8" height="8" fill="${style.fill}"/>` +
        `<rect width="2.5" height="8" fill="#ffffff"/></pattern>`
      : '',
  ).join('');
  return defs ? `<defs>${defs}</defs>` : '';
}

function seriesFill(id: string, index: number): string {
  const style = SERIES_STYLES[index % SERIES_STYLES.length];
  return style.hatched ? `url(#${escapeXml(id)}-s${index % SERIES_STYLES.length})` : style.fill;
}

function emptyChart(frame: Frame, kind: string, message: string, width: number): string {
  const height = 48;
  return (
    open(frame, width, height, kind) +
    `<text x="${n(width / 2)}" y="${n(height / 2)}" text-anchor="middle" dominant-baseline="middle"` +
    ` fill="currentColor" data-empty="true">${escapeXml(message)}</text></svg>`
  );
}

export interface BarItem {
  /** What the bar stands for (a slug, a code, an id): `data-key`. */
  key: string;
  label: string;
  value: number;
  /** The label's language when it differs from the page's. */
  lang?: string;
}

export interface BarChartInput extends Frame {
  items: readonly BarItem[];
  /** Shown when there is nothing to draw (no item, or all zero). */
  empty: string;
  format: (value: number) => string;
  /** viewBox width; the label column takes a third of it. */
  width?: number;
}

const BAR = { row: 30, bar: 20, top: 6, axis: 26, valueRoom: 64 };

/** Horizontal bars, one per item in the order given, each labelled with its name and value. */
export function barChart(input: BarChartInput): string {
  const width = input.width ?? 480;
  if (input.items.length === 0 || input.items.every((i) => i.value <= 0))
    return emptyChart(input, 'bars', input.empty, width);
  const labelWidth = Math.round(width / 3);
  const plotLeft = labelWidth + 8;
  const plotWidth = width - plotLeft - BAR.valueRoom;
  const scale = niceScale(Math.max(...input.items.map((i) => i.value)), 4);
  const height = BAR.top + input.items.length * BAR.row + BAR.axis;
  const axisY = BAR.top + input.items.length * BAR.row;
  const x = (value: number) => plotLeft + (value / scale.max) * plotWidth;
  const grid = scale.ticks
    .map(
      (t) =>
        `<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${BAR.top}" y2="${axisY}" stroke="currentColor"` +
        ` stroke-opacity="${t === 0 ? 1 : 0.25}"/>` +
        `<text x="${n(x(t))}" y="${axisY + 18}" text-anchor="middle" font-size="${SMALL}" fill="currentColor"` +
        ` data-tick="${t}">${escapeXml(input.format(t))}</text>`,
    )
    .join('');
  const maxLabelEm = (labelWidth - 4) / FONT;
  const bars = input.items
    .map((item, i) => {
      const y = BAR.top + i * BAR.row + (BAR.row - BAR.bar) / 2;
      const w = x(item.value) - plotLeft;
      const lang = item.lang ? ` lang="${escapeXml(item.lang)}"` : '';
      const label = fitLabel(item.label, maxLabelEm);
      return (
        `<g class="chart-bar" data-key="${escapeXml(item.key)}" data-label="${escapeXml(item.label)}"` +
        ` data-value="${item.value}"><title${lang}>${escapeXml(item.label)}: ${escapeXml(input.format(item.value))}</title>` +
        `<text x="${labelWidth}" y="${n(y + BAR.bar / 2)}" text-anchor="end" dominant-baseline="middle"` +
        ` fill="currentColor"${lang}>${escapeXml(label)}</text>` +
        `<rect x="${plotLeft}" y="${n(y)}" width="${n(w)}" height="${BAR.bar}" fill="${SERIES_STYLES[0].fill}"/>` +
        `<text x="${n(plotLeft + w + 4)}" y="${n(y + BAR.bar / 2)}" dominant-baseline="middle" fill="currentColor"` +
        ` class="chart-value">${escapeXml(input.format(item.value))}</text></g>`
      );
    })
    .join('');
  return `${open(input, width, height, 'bars')}<g class="chart-grid">${grid}</g>${bars}</svg>`;
}

export interface DailySeries {
  /** `data-*` name of the series' values on each day (`confirmed` -> `data-confirmed`). */
  key: string;
  name: string;
  values: readonly number[];
}

export interface DailyChartInput extends Frame {
  /** One entry per day in order, zero days included: the ISO date and its short label. */
  days: ReadonlyArray<{ day: string; label: string }>;
  /** Stacked bottom up in this order; each series' `values` has one number per day. */
  series: readonly DailySeries[];
  empty: string;
  format: (value: number) => string;
  width?: number;
}

const DAILY = { legend: 30, plot: 190, axisBottom: 30, left: 52, right: 12, maxLabels: 7 };

/** Every how many days a day gets its label (at most about `DAILY.maxLabels` labels). */
export function labelStep(days: number): number {
  return Math.max(1, Math.ceil(days / DAILY.maxLabels));
}

/** Bars per day with the series stacked, a legend (swatch and name), a value scale and thinned day labels. */
export function stackedDailyChart(input: DailyChartInput): string {
  const width = input.width ?? 640;
  if (input.days.length === 0) return emptyChart(input, 'daily', input.empty, width);
  for (const s of input.series) {
    if (!/^[a-z][a-z0-9-]*$/.test(s.key)) throw new Error(`series key ${s.key}: lowercase letters, digits and -`);
    if (s.values.length !== input.days.length) throw new Error(`series ${s.key}: one value per day expected`);
  }
  const totals = input.days.map((_, d) => input.series.reduce((sum, s) => sum + s.values[d], 0));
  const scale = niceScale(Math.max(0, ...totals), 5);
  const plotTop = DAILY.legend;
  const plotBottom = plotTop + DAILY.plot;
  const plotWidth = width - DAILY.left - DAILY.right;
  const height = plotBottom + DAILY.axisBottom;
  const slot = plotWidth / input.days.length;
  const barWidth = Math.max(1, Math.min(slot * 0.8, 48));
  const y = (value: number) => plotBottom - (value / scale.max) * DAILY.plot;

  let legendX = DAILY.left;
  const legend = input.series
    .map((s, i) => {
      const item =
        `<g class="chart-legend" data-series="${escapeXml(s.key)}"><rect x="${n(legendX)}" y="6" width="16" height="16"` +
        ` fill="${seriesFill(input.id, i)}" stroke="currentColor" stroke-width="1"/>` +
        `<text x="${n(legendX + 22)}" y="14" dominant-baseline="middle" fill="currentColor">${escapeXml(s.name)}</text></g>`;
      legendX += 22 + textWidthEm(s.name) * FONT + 20;
      return item;
    })
    .join('');
  const grid = scale.ticks
    .map(
      (t) =>
        `<line x1="${DAILY.left}" x2="${n(width - DAILY.right)}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="currentColor"` +
        ` stroke-opacity="${t === 0 ? 1 : 0.25}"/>` +
        `<text x="${DAILY.left - 6}" y="${n(y(t))}" text-anchor="end" dominant-baseline="middle" font-size="${SMALL}"` +
        ` fill="currentColor" data-tick="${t}">${escapeXml(input.format(t))}</text>`,
    )
    .join('');
  const step = labelStep(input.days.length);
  const days = input.days
    .map((day, d) => {
      const cx = DAILY.left + slot * d + slot / 2;
      const values = input.series.map((s) => ` data-${s.key}="${s.values[d]}"`).join('');
      let base = 0;
      const rects = input.series
        .map((s, i) => {
          const value = s.values[d];
          if (value <= 0) return '';
          const top = y(base + value);
          const bottom = y(base);
          base += value;
          return (
            `<rect x="${n(cx - barWidth / 2)}" y="${n(top)}" width="${n(barWidth)}" height="${n(bottom - top)}"` +
            ` fill="${seriesFill(input.id, i)}" data-series="${escapeXml(s.key)}"/>`
          );
        })
        .join('');
      const tip = input.series.map((s) => `${s.name} ${input.format(s.values[d])}`).join(', ');
      const label =
        d % step === 0
          ? `<text x="${n(cx)}" y="${plotBottom + 18}" text-anchor="middle" font-size="${SMALL}" fill="currentColor"` +
            ` class="chart-day-label">${escapeXml(day.label)}</text>`
          : '';
      return (
        `<g class="chart-day" data-day="${escapeXml(day.day)}"${values}>` +
        `<title>${escapeXml(day.label)}: ${escapeXml(tip)}</title>${rects}${label}</g>`
      );
    })
    .join('');
  return (
    `${open(input, width, height, 'daily')}${patterns(input.id)}${legend}` +
    `<g class="chart-grid">${grid}</g>${days}</svg>`
  );
}
