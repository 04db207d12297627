import { DateTime } from 'luxon';

/** Calendar dates (`YYYY-MM-DD`) of an agreement, as signed. */
export interface AgreementTerms {
  effectiveFrom: string;
  expiresOn?: string | null;
  terminatedOn?: string | null;
}

export interface TimeSpan {
  start: Date;
  end: Date;
}

export type Coverage =
  | { covered: true }
  | { covered: false; reason: 'not_yet_effective'; date: string }
  | { covered: false; reason: 'expired'; date: string }
  | { covered: false; reason: 'terminated'; date: string };

/**
 * The last day an agreement is active is the day before min(expiresOn,
 * terminatedOn): both are exclusive. Returns which of the two ends it first.
 */
export function agreementEnd(terms: AgreementTerms): { date: string; reason: 'expired' | 'terminated' } | null {
  const { expiresOn, terminatedOn } = terms;
  if (terminatedOn && (!expiresOn || terminatedOn <= expiresOn)) return { date: terminatedOn, reason: 'terminated' };
  if (expiresOn) return { date: expiresOn, reason: 'expired' };
  return null;
}

/** Is the agreement active on this calendar day? Active days are [effectiveFrom, end). */
export function isActiveOn(terms: AgreementTerms, day: string): boolean {
  const end = agreementEnd(terms);
  return day >= terms.effectiveFrom && (!end || day < end.date);
}

function startOfDay(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

/**
 * Does the agreement cover the whole span [start, end)?
 *
 * Agreement dates are calendar days, and the two signatories live in
 * different time zones (Tokyo and Copenhagen are 7 or 8 hours apart), so the
 * same instant can fall on different days for them. The span is covered only
 * when it lies within the active days on the calendar of every zone given:
 * an event is co-hosted under the agreement for both parties, or not at all.
 */
export function agreementCoversSpan(terms: AgreementTerms, span: TimeSpan, zones: readonly string[]): Coverage {
  if (zones.length === 0) throw new Error('agreementCoversSpan needs at least one time zone');
  const start = span.start.getTime();
  const end = span.end.getTime();
  const until = agreementEnd(terms);
  for (const zone of zones) {
    if (start < startOfDay(terms.effectiveFrom, zone)) {
      return { covered: false, reason: 'not_yet_effective', date: terms.effectiveFrom };
    }
  }
  if (until) {
    for (const zone of zones) {
      if (end > startOfDay(until.date, zone)) return { covered: false, reason: until.reason, date: until.date };
    }
  }
  return { covered: true };
}

/** Human words for a failed coverage, used in 422 messages. */
export function describeCoverageGap(coverage: Exclude<Coverage, { covered: true }>): string {
  switch (coverage.reason) {
    case 'not_yet_effective':
      return `it only takes effect on ${coverage.date}`;
    case 'expired':
      return `it expires on ${coverage.date}`;
    case 'terminated':
      return `it was terminated on ${coverage.date}`;
  }
}

export type AgreementState = 'upcoming' | 'active' | 'expired' | 'terminated';

/** What an agreement is on a calendar day: not yet effective, active, or ended (expired or terminated). */
export function agreementState(terms: AgreementTerms, day: string): AgreementState {
  const end = agreementEnd(terms);
  // Terminated on its first day: never active.
  if (end && (day >= end.date || end.date <= terms.effectiveFrom)) return end.reason;
  return day < terms.effectiveFrom ? 'upcoming' : 'active';
}
