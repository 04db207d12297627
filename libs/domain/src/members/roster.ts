import { normalizeEmail } from '../input/email-address';
import { hasVisibleText, isCleanText } from '../input/text-input';

/**
 * The hub's roster of member organizations: their email domains, the CSV
 * they are imported from, and which organization an address belongs to.
 * Pure; the members module stores what these functions accept.
 */

/** `domain` in its stored form (IDNA ASCII, lower case, no leading `@`), or null when it is not a domain. */
export function normalizeDomain(raw: string): string | null {
  const trimmed = raw.trim().replace(/^@/, '');
  if (!trimmed || trimmed.includes('@')) return null;
  const normalized = normalizeEmail(`x@${trimmed}`);
  return normalized.address ? normalized.address.slice(2) : null;
}

/** The domain of a stored address and every parent domain, longest first: `a.b.ac.jp`, `b.ac.jp`, `ac.jp`, `jp`. */
export function domainCandidates(address: string): string[] {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const labels = domain.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

export interface RosterRow {
  nameJa: string | null;
  nameEn: string | null;
  domains: string[];
}

export interface RosterRejection {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  reason: 'missing_name' | 'bad_domain' | 'no_domain' | 'duplicate_domain' | 'bad_name' | 'bad_columns';
  message: string;
}

export interface RosterParse {
  rows: Array<RosterRow & { line: number }>;
  rejected: RosterRejection[];
}

/** Header names accepted for each column (case-insensitive; the order in the file is free). */
const COLUMNS = {
  nameJa: ['name_ja', 'nameja', 'ja', '名称', '組織名'],
  nameEn: ['name_en', 'nameen', 'en', 'name'],
  domains: ['domains', 'domain', 'email_domains', 'ドメイン'],
} as const;

/** RFC 4180 records (quoted fields, doubled quotes, CRLF or LF), a leading BOM dropped. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Reads a roster CSV: a header naming the columns `name_ja`, `name_en` and
 * `domains` (several domains separated by spaces, `;` or `|`), then one
 * organization per line. A line is rejected, with its number and why, when
 * it has no name, a name with control characters, no domain, a domain that
 * is not one, or a domain already taken by an earlier line or by
 * `existingDomains` (domains of organizations already in the roster).
 * Blank lines are skipped. Throws nothing: a header without the columns
 * rejects line 1.
 */
export function parseRosterCsv(text: string, existingDomains: ReadonlySet<string> = new Set()): RosterParse {
  const records = parseCsv(text);
  const rejected: RosterRejection[] = [];
  const rows: RosterParse['rows'] = [];
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const index = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const at = { nameJa: index(COLUMNS.nameJa), nameEn: index(COLUMNS.nameEn), domains: index(COLUMNS.domains) };
  if ((at.nameJa < 0 && at.nameEn < 0) || at.domains < 0) {
    rejected.push({
      line: 1,
      reason: 'bad_columns',
      message: 'The first line must name the columns name_ja, name_en and domains',
    });
    return { rows, rejected };
  }
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    const reject = (reason: RosterRejection['reason'], message: string) => rejected.push({ line, reason, message });
    const cell = (column: number) => (column >= 0 ? (record[column] ?? '').trim() : '');
    const nameJa = cell(at.nameJa) || null;
    const nameEn = cell(at.nameEn) || null;
    if (!nameJa && !nameEn) return reject('missing_name', 'No organization name (name_ja or name_en)');
    for (const name of [nameJa, nameEn]) {
      if (name && (!isCleanText(name) || !hasVisibleText(name) || [...name].length > 200)) {
        return reject('bad_name', 'The name holds control characters or is longer than 200 characters');
      }
    }
    const raw = cell(at.domains)
      .split(/[\s;|]+/)
      .filter(Boolean);
    if (raw.length === 0) return reject('no_domain', 'No email domain');
    const domains: string[] = [];
    for (const entry of raw) {
      const domain = normalizeDomain(entry);
      if (!domain) return reject('bad_domain', `"${entry.slice(0, 100)}" is not an email domain`);
      const earlier = seen.get(domain);
      if (earlier !== undefined || existingDomains.has(domain)) {
        return reject(
          'duplicate_domain',
          earlier !== undefined
            ? `${domain} is already listed on line ${earlier}`
            : `${domain} already belongs to an organization of the roster`,
        );
      }
      if (!domains.includes(domain)) domains.push(domain);
    }
    for (const domain of domains) seen.set(domain, line);
    rows.push({ line, nameJa, nameEn, domains });
  });
  return { rows, rejected };
}
