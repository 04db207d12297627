import { isUniqueViolation, OrganizerEntity, PartnerEntity } from '@cohost/database';
import { ConflictError, NotFoundError } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { TokensService } from '../auth/tokens.service';
import { CreateOrganizerDto, OrganizerCreatedDto } from './dto/organizer.dto';

@Injectable()
export class OrganizersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
  ) {}

  /** Adds an organizer to a partner and issues their token, in one transaction. */
  create(partnerSlug: string, dto: CreateOrganizerDto): Promise<OrganizerCreatedDto> {
    return this.add(partnerSlug, dto, async (manager, organizer) => {
      const token = await this.tokens.issue(
        { role: 'organizer', email: dto.email, organizerId: organizer.id },
        manager,
      );
      return { id: organizer.id, email: organizer.email, token };
    });
  }

  /**
   * Adds an organizer to a partner; `then` runs in the same transaction (the
   * API issues a token, the console emails a sign-in link).
   */
  async add<T>(
    partnerSlug: string,
    dto: CreateOrganizerDto,
    then: (manager: EntityManager, organizer: OrganizerEntity) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const partner = await this.partner(manager, partnerSlug);
        const organizer = await manager.save(
          manager.create(OrganizerEntity, { partnerId: partner.id, email: dto.email, name: dto.name }),
        );
        return then(manager, organizer);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'organizers_partner_email_key')) {
        throw new ConflictError('ORGANIZER_EXISTS', `${dto.email} is already an organizer of ${partnerSlug}`);
      }
      throw error;
    }
  }

  /** A partner's organizers, active first, then by name. */
  async list(partnerSlug: string): Promise<OrganizerEntity[]> {
    const partner = await this.partner(this.dataSource.manager, partnerSlug);
    const organizers = await this.dataSource.manager.find(OrganizerEntity, {
      where: { partnerId: partner.id },
      order: { name: 'ASC' },
    });
    return organizers.sort((a, b) => Number(!!a.deactivatedAt) - Number(!!b.deactivatedAt));
  }

  /**
   * Deactivates an organizer of a partner: they can no longer sign in and
   * their API tokens are revoked. `then` runs in the same transaction (the
   * console ends their sessions there).
   */
  async deactivate(
    partnerSlug: string,
    organizerId: string,
    then: (manager: EntityManager) => Promise<unknown> = async () => undefined,
  ): Promise<OrganizerEntity> {
    return this.dataSource.transaction(async (manager) => {
      const organizer = await this.locked(manager, partnerSlug, organizerId);
      if (!organizer.deactivatedAt) {
        organizer.deactivatedAt = new Date();
        await manager.update(
          OrganizerEntity,
          { id: organizer.id, deactivatedAt: IsNull() },
          { deactivatedAt: organizer.deactivatedAt },
        );
      }
      await this.tokens.revokeAllOf(organizer.id, manager);
      await then(manager);
      return organizer;
    });
  }

  /**
   * Lets a deactivated organizer of a partner sign in again. Their old API
   * tokens stay revoked (they ask for new ones); `then` runs in the same
   * transaction (the console emails a sign-in link).
   */
  async reactivate(
    partnerSlug: string,
    organizerId: string,
    then: (manager: EntityManager, organizer: OrganizerEntity) => Promise<unknown> = async () => undefined,
  ): Promise<OrganizerEntity> {
    return this.dataSource.transaction(async (manager) => {
      const organizer = await this.locked(manager, partnerSlug, organizerId);
      if (organizer.deactivatedAt) {
        organizer.deactivatedAt = null;
        await manager.update(OrganizerEntity, { id: organizer.id }, { deactivatedAt: null });
        await then(manager, organizer);
      }
      return organizer;
    });
  }

  /** An organizer of the partner, locked for this transaction; 404 for anyone else's. */
  private async locked(manager: EntityManager, partnerSlug: string, organizerId: string): Promise<OrganizerEntity> {
    const partner = await this.partner(manager, partnerSlug);
    const organizer = await manager.findOne(OrganizerEntity, {
      where: { id: organizerId, partnerId: partner.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!organizer) throw new NotFoundError('ORGANIZER_NOT_FOUND', `No such organizer of ${partnerSlug}`);
    return organizer;
  }

  private async partner(manager: EntityManager, slug: string): Promise<PartnerEntity> {
    const partner = await manager.findOneBy(PartnerEntity, { slug });
    if (!partner) throw new NotFoundError('PARTNER_NOT_FOUND', `No partner with slug "${slug}"`);
    return partner;
  }
}
