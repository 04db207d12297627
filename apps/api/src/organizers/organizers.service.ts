import { isUniqueViolation, OrganizerEntity, PartnerEntity } from '@cohost/database';
import { ConflictError, NotFoundError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TokensService } from '../auth/tokens.service';
import { CreateOrganizerDto, OrganizerCreatedDto } from './dto/organizer.dto';

@Injectable()
export class OrganizersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
  ) {}

  /** Adds an organizer to a partner and issues their token, in one transaction. */
  async create(partnerSlug: string, dto: CreateOrganizerDto): Promise<OrganizerCreatedDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const partner = await manager.findOneBy(PartnerEntity, { slug: partnerSlug });
        if (!partner) throw new NotFoundError('PARTNER_NOT_FOUND', `No partner with slug "${partnerSlug}"`);
        const organizer = await manager.save(
          manager.create(OrganizerEntity, { partnerId: partner.id, email: dto.email, name: dto.name }),
        );
        const token = await this.tokens.issue(
          { role: 'organizer', email: dto.email, organizerId: organizer.id },
          manager,
        );
        return { id: organizer.id, email: organizer.email, token };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'organizers_partner_email_key')) {
        throw new ConflictError('ORGANIZER_EXISTS', `${dto.email} is already an organizer of ${partnerSlug}`);
      }
      throw error;
    }
  }
}
