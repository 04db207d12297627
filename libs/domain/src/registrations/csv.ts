/** Byte order mark: without it Excel reads UTF-8 CSV as the local code page and garbles Japanese names. */
export const CSV_BOM = '\uFEFF';

/**
 * Cells a spreadsheet would evaluate as a formula (OWASP "CSV injection"):
 * `= + - @`, and tab / carriage return, which some spreadsheets strip
 * before looking at the first character.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-neutralised with a leading apostrophe, quoted when needed (RFC 4180). */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: BOM, header row, CRLF line ends (what Excel and RFC 4180 expect). */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>,
): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return CSV_BOM + lines.join('\r\n') + '\r\n';
}
