import { isUniqueViolation, MemberOrganizationDomainEntity, MemberOrganizationEntity } from '@cohost/database';
import { ConflictError, domainCandidates, NotFoundError, RosterRow } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

const DOMAIN_KEY = 'member_organization_domains_pkey';

const domainTaken = (): ConflictError =>
  new ConflictError('DOMAIN_TAKEN', 'One of these domains already belongs to another member organization');

/** The one owner of the roster's tables (member organizations and their domains). */
@Injectable()
export class MemberRosterRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The member organization an address (stored form) belongs to: its
   * domain's or the nearest parent domain's (one indexed query).
   */
  async organizationOf(address: string): Promise<MemberOrganizationEntity | null> {
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.name_en AS "nameEn", o.name_ja AS "nameJa"
         FROM member_organization_domains d JOIN member_organizations o ON o.id = d.organization_id
        WHERE d.domain = ANY($1::text[])
        ORDER BY length(d.domain) DESC LIMIT 1`,
      [domainCandidates(address)],
    )) as MemberOrganizationEntity[];
    return rows[0] ?? null;
  }

  list(): Promise<MemberOrganizationEntity[]> {
    return this.dataSource.manager.find(MemberOrganizationEntity, {
      relations: { domains: true },
      order: { nameEn: 'ASC', nameJa: 'ASC', id: 'ASC' },
    });
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<MemberOrganizationEntity> {
    const found = await manager.findOne(MemberOrganizationEntity, { where: { id }, relations: { domains: true } });
    if (!found) throw new NotFoundError('MEMBER_ORGANIZATION_NOT_FOUND', `No member organization "${id}"`);
    return found;
  }

  async create(row: RosterRow): Promise<MemberOrganizationEntity> {
    return this.taken(() =>
      this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(
          manager.create(MemberOrganizationEntity, { nameEn: row.nameEn, nameJa: row.nameJa }),
        );
        await this.insertDomains(manager, saved.id, row.domains);
        return this.get(saved.id, manager);
      }),
    );
  }

  async update(id: string, change: Partial<RosterRow>): Promise<MemberOrganizationEntity> {
    return this.taken(() =>
      this.dataSource.transaction(async (manager) => {
        const found = await this.get(id, manager);
        if (change.nameEn !== undefined || change.nameJa !== undefined) {
          await manager.update(
            MemberOrganizationEntity,
            { id },
            { nameEn: change.nameEn ?? null, nameJa: change.nameJa ?? null },
          );
        }
        if (change.domains) {
          await manager.delete(MemberOrganizationDomainEntity, { organizationId: found.id });
          await this.insertDomains(manager, found.id, change.domains);
        }
        return this.get(id, manager);
      }),
    );
  }

  async allDomains(): Promise<Set<string>> {
    const rows = (await this.dataSource.query(`SELECT domain FROM member_organization_domains`)) as Array<{
      domain: string;
    }>;
    return new Set(rows.map((r) => r.domain));
  }

  /** Many organizations in one transaction and two statements (a roster of 440+ lines in one go). */
  async importRows(rows: readonly RosterRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    return this.taken(() =>
      this.dataSource.transaction(async (manager) => {
        // Ids chosen here, so each line's domains go to its organization whatever order RETURNING would give.
        const ids = rows.map(() => randomUUID());
        await manager.query(
          `INSERT INTO member_organizations (id, name_en, name_ja)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])`,
          [ids, rows.map((r) => r.nameEn), rows.map((r) => r.nameJa)],
        );
        const domains = rows.flatMap((row) => row.domains);
        const owners = rows.flatMap((row, i) => row.domains.map(() => ids[i]));
        await manager.query(
          `INSERT INTO member_organization_domains (domain, organization_id)
           SELECT * FROM unnest($1::text[], $2::uuid[])`,
          [domains, owners],
        );
        return ids.length;
      }),
    );
  }

  private async insertDomains(manager: EntityManager, organizationId: string, domains: readonly string[]) {
    await manager.insert(
      MemberOrganizationDomainEntity,
      domains.map((domain) => ({ domain, organizationId })),
    );
  }

  private async taken<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error, DOMAIN_KEY)) throw domainTaken();
      throw error;
    }
  }
}
