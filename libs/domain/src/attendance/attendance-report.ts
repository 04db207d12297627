import { InvalidInputError } from '../errors';
import { normalizeEmail } from '../input/email-address';

/**
 * Attendance reports as webinar tools export them, recognised by their
 * column names (the files carry no other reliable marker):
 *
 * - Zoom (meeting "Participants" and webinar "Attendee" reports): a header
 *   with "Name (Original Name)" / "User Name (Original Name)", "Join Time",
 *   "Leave Time", "Duration (Minutes)"..., the address in "User Email" (or
 *   "Email" in webinar reports, whose "Attended" column says Yes/No).
 * - Microsoft Teams: a summary section first, then a participants section
 *   with "Name", "First Join" (or "First join"), "Last Leave",
 *   "In-Meeting Duration", "Email", "Participant ID (UPN)", "Role"; often
 *   UTF-16LE with a BOM and tab-separated.
 *
 * Rows above the header (report titles, summaries) are skipped; the section
 * ends at the first blank line.
 */
export type AttendanceReportFormat = 'zoom' | 'teams';

export interface AttendanceReport {
  format: AttendanceReportFormat;
  /** Normalised addresses of the people the report says attended, once each. */
  emails: string[];
  /** Data rows read (attended or not). */
  rows: number;
  /** Rows whose address is missing or not an address (by row number in the file, 1-based). */
  rejected: Array<{ line: number; reason: string }>;
}

const MARKERS: Record<AttendanceReportFormat, readonly string[]> = {
  zoom: [
    'name (original name)',
    'user name (original name)',
    'join time',
    'leave time',
    'duration (minutes)',
    'time in session (minutes)',
  ],
  teams: ['first join', 'last leave', 'in-meeting duration', 'participant id (upn)'],
};

/** The address column each format must have, as its own reports spell it. */
const EMAIL_COLUMNS: Record<AttendanceReportFormat, { names: readonly string[]; label: string }> = {
  zoom: { names: ['user email', 'email'], label: 'User Email' },
  teams: { names: ['email'], label: 'Email' },
};

/** Text of an uploaded report: UTF-8 or UTF-16 (LE or BE, with a BOM, or LE without one as Teams writes it). */
export function decodeReport(body: Buffer | string): string {
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '');
  if (body[0] === 0xff && body[1] === 0xfe) return body.subarray(2).toString('utf16le');
  if (body[0] === 0xfe && body[1] === 0xff) {
    const swapped = Buffer.from(body.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  // UTF-16LE without a BOM: ASCII text has a NUL after every character.
  const sample = body.subarray(0, 200);
  let oddNuls = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0) oddNuls++;
  if (sample.length >= 4 && oddNuls * 2 >= sample.length / 2 - 1) return body.toString('utf16le');
  return body.toString('utf8').replace(/^\uFEFF/, '');
}

/** RFC 4180 rows with `delimiter` (quotes, doubled quotes, line breaks inside quotes). */
export function parseDelimited(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const norm = (cell: string) => cell.trim().replace(/\s+/g, ' ').toLowerCase();
const blank = (row: string[]) => row.every((cell) => cell.trim() === '');

function formatOf(header: string[]): AttendanceReportFormat | null {
  const names = new Set(header.map(norm));
  const score = (format: AttendanceReportFormat) => MARKERS[format].filter((m) => names.has(m)).length;
  const zoom = score('zoom');
  const teams = score('teams');
  if (Math.max(zoom, teams) < 2) return null;
  return teams > zoom ? 'teams' : 'zoom';
}

/**
 * Reads a Zoom or Teams attendance report. Throws a 400
 * (`ATTENDANCE_REPORT_UNRECOGNISED`, `ATTENDANCE_COLUMN_MISSING`) naming what
 * is missing when the file is neither or lacks the address column.
 */
export function parseAttendanceReport(body: Buffer | string): AttendanceReport {
  const text = decodeReport(body);
  const head = text.slice(0, 4000);
  const delimiter = (head.match(/\t/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const rows = parseDelimited(text, delimiter);
  const headerIndex = rows.findIndex((row) => formatOf(row) !== null);
  if (headerIndex < 0) {
    throw new InvalidInputError(
      'ATTENDANCE_REPORT_UNRECOGNISED',
      'Not a Zoom or Teams attendance report: no header row with the columns "Name (Original Name)", "User Email", ' +
        '"Join Time", "Leave Time" (Zoom) or "Name", "First Join", "Last Leave", "Email" (Teams)',
    );
  }
  const header = rows[headerIndex].map(norm);
  const format = formatOf(rows[headerIndex])!;
  const { names, label } = EMAIL_COLUMNS[format];
  const emailAt = names.map((n) => header.indexOf(n)).find((i) => i >= 0);
  if (emailAt === undefined) {
    throw new InvalidInputError(
      'ATTENDANCE_COLUMN_MISSING',
      `The ${format === 'zoom' ? 'Zoom' : 'Teams'} attendance report has no "${label}" column`,
    );
  }
  const upnAt = format === 'teams' ? header.indexOf('participant id (upn)') : -1;
  const attendedAt = format === 'zoom' ? header.indexOf('attended') : -1;
  const emails = new Set<string>();
  const rejected: AttendanceReport['rejected'] = [];
  let count = 0;
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = rows[i];
    if (blank(row)) break;
    count++;
    if (attendedAt >= 0 && norm(row[attendedAt] ?? '') === 'no') continue;
    const candidates = [row[emailAt] ?? '', upnAt >= 0 ? (row[upnAt] ?? '') : ''].map((c) => c.trim());
    const raw = candidates.find((c) => c.includes('@'));
    const normalized = raw ? normalizeEmail(raw) : undefined;
    if (!normalized?.address) {
      rejected.push({ line: i + 1, reason: raw ? (normalized?.problem ?? 'not an address') : 'no address' });
      continue;
    }
    emails.add(normalized.address);
  }
  return { format, emails: [...emails], rows: count, rejected };
}
