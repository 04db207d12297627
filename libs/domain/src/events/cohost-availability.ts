import { TimeSpan } from '../agreements/agreement-coverage';
import { CandidateAgreement, findCoveringAgreement } from './cohost-agreement';

/** A partner that could be invited to co-host, with its time zone. */
export interface CohostCandidate {
  id: string;
  timezone: string;
}

/** An agreement as stored: between two partners, either way round. */
export interface PartnerAgreement extends CandidateAgreement {
  partnerAId: string;
  partnerBId: string;
}

/** Why a partner cannot be invited over the event's span (SPEC rule 3). */
export type UnavailableReason =
  | { reason: 'no_agreement' }
  | { reason: 'not_yet_effective'; date: string; agreementId: string; kind: string }
  | { reason: 'expired'; date: string; agreementId: string; kind: string }
  | { reason: 'terminated'; date: string; agreementId: string; kind: string };

export type CohostAvailability =
  { available: true; agreementId: string; kind: string } | { available: false; why: UnavailableReason };

/**
 * Whether `candidate` may co-host an event of `host` over `span`, and if
 * not, why. The very rule the API enforces on invite, accept, publish and
 * reschedule (`findCoveringAgreement` over both partners' calendars), so the
 * console's picker offers exactly the partners an invitation would accept.
 */
export function cohostAvailability(
  host: CohostCandidate,
  candidate: CohostCandidate,
  agreements: readonly PartnerAgreement[],
  span: TimeSpan,
): CohostAvailability {
  const between = agreements
    .filter(
      (a) =>
        (a.partnerAId === host.id && a.partnerBId === candidate.id) ||
        (a.partnerAId === candidate.id && a.partnerBId === host.id),
    )
    // The API's query order: the most recently effective first (the one to blame when none covers).
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0));
  const coverage = findCoveringAgreement(between, span, [host.timezone, candidate.timezone]);
  if (coverage.covered) return { available: true, agreementId: coverage.agreement.id, kind: coverage.agreement.kind };
  if (!coverage.agreement) return { available: false, why: { reason: 'no_agreement' } };
  const { id: agreementId, kind } = coverage.agreement;
  return { available: false, why: { reason: coverage.gap.reason, date: coverage.gap.date, agreementId, kind } };
}

/**
 * Every partner but the host, split into those an invitation would accept
 * and those it would refuse (with the reason), each list in the given order.
 */
export function partitionCohostCandidates<P extends CohostCandidate>(
  host: CohostCandidate,
  partners: readonly P[],
  agreements: readonly PartnerAgreement[],
  span: TimeSpan,
): {
  available: Array<{ partner: P; agreementId: string; kind: string }>;
  unavailable: Array<{ partner: P } & UnavailableReason>;
} {
  const available: Array<{ partner: P; agreementId: string; kind: string }> = [];
  const unavailable: Array<{ partner: P } & UnavailableReason> = [];
  for (const partner of partners) {
    if (partner.id === host.id) continue;
    const result = cohostAvailability(host, partner, agreements, span);
    if (result.available) available.push({ partner, agreementId: result.agreementId, kind: result.kind });
    else unavailable.push({ partner, ...result.why });
  }
  return { available, unavailable };
}
