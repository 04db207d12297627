import { AgreementEntity, PartnerEntity } from '@cohost/database';
import { ConflictError, InvalidInputError, NotFoundError, RuleViolationError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { isRealDate } from '../http/validators';
import { CreateAgreementDto, TerminateAgreementDto } from './dto/agreement.dto';

@Injectable()
export class AgreementsService {
  constructor(
    @InjectRepository(AgreementEntity) private readonly agreements: Repository<AgreementEntity>,
    @InjectRepository(PartnerEntity) private readonly partners: Repository<PartnerEntity>,
  ) {}

  async create(dto: CreateAgreementDto): Promise<AgreementEntity> {
    const [slugA, slugB] = dto.partners;
    if (slugA === slugB)
      throw new InvalidInputError('AGREEMENT_SAME_PARTNER', 'An agreement needs two different partners');
    for (const [field, value] of Object.entries({
      signedOn: dto.signedOn,
      effectiveFrom: dto.effectiveFrom,
      expiresOn: dto.expiresOn,
    })) {
      if (value && !isRealDate(value))
        throw new InvalidInputError('INVALID_DATE', `${field} is not a real calendar date`);
    }
    if (dto.expiresOn && dto.expiresOn <= dto.effectiveFrom) {
      throw new InvalidInputError('AGREEMENT_DATES', 'expiresOn must be after effectiveFrom');
    }
    const found = await this.partners.findBy({ slug: In([slugA, slugB]) });
    const a = found.find((p) => p.slug === slugA);
    const b = found.find((p) => p.slug === slugB);
    const missing = [slugA, slugB].filter((slug) => !found.some((p) => p.slug === slug));
    if (!a || !b) throw new RuleViolationError('PARTNER_NOT_FOUND', `Unknown partner: ${missing.join(', ')}`);

    const saved = await this.agreements.save(
      this.agreements.create({
        partnerAId: a.id,
        partnerBId: b.id,
        kind: dto.kind,
        signedOn: dto.signedOn,
        effectiveFrom: dto.effectiveFrom,
        expiresOn: dto.expiresOn ?? null,
        terminatedOn: null,
      }),
    );
    return Object.assign(saved, { partnerA: a, partnerB: b });
  }

  /** All agreements, or those one partner is a party to. */
  list(partnerId?: string): Promise<AgreementEntity[]> {
    return this.agreements.find({
      where: partnerId ? [{ partnerAId: partnerId }, { partnerBId: partnerId }] : undefined,
      relations: { partnerA: true, partnerB: true },
      order: { effectiveFrom: 'DESC', createdAt: 'DESC' },
    });
  }

  /** One agreement with both partners. */
  async get(id: string): Promise<AgreementEntity> {
    const agreement = await this.agreements.findOne({ where: { id }, relations: { partnerA: true, partnerB: true } });
    if (!agreement) throw new NotFoundError('AGREEMENT_NOT_FOUND', `No agreement with id ${id}`);
    return agreement;
  }

  async terminate(id: string, dto: TerminateAgreementDto): Promise<AgreementEntity> {
    if (!isRealDate(dto.terminatedOn))
      throw new InvalidInputError('INVALID_DATE', 'terminatedOn is not a real calendar date');
    const agreement = await this.get(id);
    if (agreement.terminatedOn) {
      throw new ConflictError(
        'AGREEMENT_ALREADY_TERMINATED',
        `The agreement was already terminated on ${agreement.terminatedOn}`,
      );
    }
    if (dto.terminatedOn < agreement.effectiveFrom) {
      throw new RuleViolationError(
        'AGREEMENT_DATES',
        `terminatedOn (${dto.terminatedOn}) cannot be before effectiveFrom (${agreement.effectiveFrom})`,
      );
    }
    agreement.terminatedOn = dto.terminatedOn;
    await this.agreements.update({ id }, { terminatedOn: dto.terminatedOn });
    return agreement;
  }
}
