import { AgreementEntity, EventCohostsRepository, EventEntity, PartnerEntity } from '@cohost/database';
import { describeMissingCoverage, findCoveringAgreement, RuleViolationError, TimeSpan } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * SPEC rule 3: a partner may co-host only under an agreement with the host
 * that is active over the event's whole span, on both partners' calendars.
 */
@Injectable()
export class CohostCoverageService {
  /** The id of an agreement covering `span`, or 422 naming both partners and what is missing. */
  async requireCovering(
    manager: EntityManager,
    host: PartnerEntity,
    cohost: PartnerEntity,
    span: TimeSpan,
  ): Promise<string> {
    const agreements = await manager.find(AgreementEntity, {
      where: [
        { partnerAId: host.id, partnerBId: cohost.id },
        { partnerAId: cohost.id, partnerBId: host.id },
      ],
      order: { effectiveFrom: 'DESC', createdAt: 'DESC' },
    });
    const coverage = findCoveringAgreement(agreements, span, [host.timezone, cohost.timezone]);
    if (coverage.covered) return coverage.agreement.id;
    throw new RuleViolationError(
      coverage.agreement ? 'AGREEMENT_NOT_COVERING' : 'AGREEMENT_MISSING',
      describeMissingCoverage(
        coverage,
        { slug: host.slug, name: host.nameEn },
        { slug: cohost.slug, name: cohost.nameEn },
        span,
      ),
    );
  }

  /**
   * Publishing or rescheduling: every accepted co-host must still be covered
   * over `span`. Records the covering agreement (it may be a newer one).
   * Throws 422 on the first that is not, before anything is written.
   */
  async recheckAccepted(manager: EntityManager, event: EventEntity, span: TimeSpan): Promise<void> {
    const accepted = (event.cohosts ?? []).filter((c) => c.status === 'accepted');
    const covering: Array<{ partnerId: string; agreementId: string }> = [];
    for (const cohost of accepted) {
      covering.push({
        partnerId: cohost.partnerId,
        agreementId: await this.requireCovering(manager, event.host!, cohost.partner!, span),
      });
    }
    for (const { partnerId, agreementId } of covering) {
      await EventCohostsRepository.recordCovering(manager, event.id, partnerId, agreementId);
    }
  }
}
