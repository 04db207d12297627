import { isUniqueViolation, PartnerEntity } from '@cohost/database';
import { ConflictError, NotFoundError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CreatePartnerDto, UpdatePartnerDto } from './dto/create-partner.dto';

@Injectable()
export class PartnersService {
  constructor(@InjectRepository(PartnerEntity) private readonly partners: Repository<PartnerEntity>) {}

  async create(dto: CreatePartnerDto): Promise<PartnerEntity> {
    const partner = this.partners.create({
      slug: dto.slug,
      nameEn: dto.name.en,
      nameJa: dto.name.ja ?? null,
      country: dto.country.toUpperCase(),
      timezone: dto.timezone,
      contactEmail: dto.contactEmail,
    });
    try {
      return await this.partners.save(partner);
    } catch (error) {
      if (isUniqueViolation(error, 'partners_slug_key')) {
        throw new ConflictError('PARTNER_SLUG_TAKEN', `A partner with slug "${dto.slug}" already exists`);
      }
      throw error;
    }
  }

  /** Changes a partner's names, country, zone and contact (the slug, used in links, stays). */
  async update(slug: string, dto: UpdatePartnerDto): Promise<PartnerEntity> {
    const partner = await this.getBySlug(slug);
    Object.assign(partner, {
      nameEn: dto.name.en,
      nameJa: dto.name.ja ?? null,
      country: dto.country.toUpperCase(),
      timezone: dto.timezone,
      contactEmail: dto.contactEmail,
    });
    return this.partners.save(partner);
  }

  list(): Promise<PartnerEntity[]> {
    return this.partners.find({ order: { nameEn: 'ASC' } });
  }

  async getBySlug(slug: string): Promise<PartnerEntity> {
    const partner = await this.partners.findOneBy({ slug });
    if (!partner) throw new NotFoundError('PARTNER_NOT_FOUND', `No partner with slug "${slug}"`);
    return partner;
  }
}
