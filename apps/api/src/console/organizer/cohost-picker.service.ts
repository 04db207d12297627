import { AgreementEntity, EventEntity, PartnerEntity } from '@cohost/database';
import { partitionCohostCandidates, UnavailableReason } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CohostPicker {
  available: Array<{ partner: PartnerEntity; kind: string }>;
  unavailable: Array<{ partner: PartnerEntity } & UnavailableReason>;
}

/**
 * The invite picker of an event: every partner that is not the host and not
 * already invited (pending or accepted; a partner that declined may be asked
 * again), split by the API's own coverage rule (`partitionCohostCandidates`
 * of libs/domain over the agreements with the host) into those an
 * invitation would accept and those it would refuse, with the reason.
 */
@Injectable()
export class CohostPickerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `event` loaded with `host` and `cohosts`. */
  async picker(event: EventEntity): Promise<CohostPicker> {
    const host = event.host!;
    const [partners, agreements] = await Promise.all([
      this.dataSource.getRepository(PartnerEntity).find({ order: { nameEn: 'ASC', slug: 'ASC' } }),
      this.dataSource.getRepository(AgreementEntity).find({
        where: [{ partnerAId: host.id }, { partnerBId: host.id }],
        // The order the API reads them in: the one blamed when none covers is the same.
        order: { effectiveFrom: 'DESC', createdAt: 'DESC' },
      }),
    ]);
    const taken = new Set((event.cohosts ?? []).filter((c) => c.status !== 'declined').map((c) => c.partnerId));
    const candidates = partners.filter((p) => !taken.has(p.id));
    const { available, unavailable } = partitionCohostCandidates(host, candidates, agreements, {
      start: event.startsAt,
      end: event.endsAt,
    });
    return { available: available.map(({ partner, kind }) => ({ partner, kind })), unavailable };
  }
}
