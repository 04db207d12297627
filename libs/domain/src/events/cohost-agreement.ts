import {
  AgreementTerms,
  agreementCoversSpan,
  Coverage,
  describeCoverageGap,
  TimeSpan,
} from '../agreements/agreement-coverage';

export interface CandidateAgreement extends AgreementTerms {
  id: string;
  kind: string;
}

export interface PartyName {
  slug: string;
  name: string;
}

export type CohostCoverage<A extends CandidateAgreement> =
  | { covered: true; agreement: A }
  | { covered: false; agreement: A; gap: Exclude<Coverage, { covered: true }> }
  | { covered: false; agreement: null };

/**
 * Which agreement between host and co-host covers the event's whole span,
 * seen from both partners' calendars? Any one is enough. When none does,
 * the one to blame is the most recently effective (the one people think
 * of as "our agreement").
 */
export function findCoveringAgreement<A extends CandidateAgreement>(
  agreements: readonly A[],
  span: TimeSpan,
  zones: readonly string[],
): CohostCoverage<A> {
  let blame: { agreement: A; gap: Exclude<Coverage, { covered: true }> } | null = null;
  for (const agreement of agreements) {
    const coverage = agreementCoversSpan(agreement, span, zones);
    if (coverage.covered) return { covered: true, agreement };
    if (!blame || agreement.effectiveFrom > blame.agreement.effectiveFrom) blame = { agreement, gap: coverage };
  }
  return blame ? { covered: false, ...blame } : { covered: false, agreement: null };
}

const named = (p: PartyName) => `${p.name} (${p.slug})`;
const day = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The 422 message when co-hosting is not covered: names both partners, the
 * agreement and what is missing, e.g. "... the MOC between Tokyo Hub
 * (tokyo-hub) and Royal Danish Embassy (danish-embassy), id ..., expires on
 * 2027-03-31".
 */
export function describeMissingCoverage(
  coverage: Exclude<CohostCoverage<CandidateAgreement>, { covered: true }>,
  host: PartyName,
  cohost: PartyName,
  span: TimeSpan,
): string {
  const when = `${day(span.start)} to ${day(span.end)}`;
  if (!coverage.agreement) {
    return `There is no agreement between ${named(host)} and ${named(cohost)}; co-hosting needs one active over the whole event (${when})`;
  }
  const a = coverage.agreement;
  return (
    `The ${a.kind} between ${named(host)} and ${named(cohost)} (agreement ${a.id}) does not cover the whole event ` +
    `(${when}): ${describeCoverageGap(coverage.gap)}`
  );
}
