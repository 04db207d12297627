import { InvalidInputError, normalizeDomain, parseRosterCsv, RosterRow } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import {
  CreateMemberOrganizationDto,
  MemberOrganizationDto,
  MemberOrganizationNameDto,
  RosterImportReportDto,
  UpdateMemberOrganizationDto,
} from './dto/member-organization.dto';
import { MemberRosterRepository } from './member-roster.repository';

function domainsOf(raw: readonly string[]): string[] {
  const domains: string[] = [];
  for (const entry of raw) {
    const domain = normalizeDomain(entry);
    if (!domain) throw new InvalidInputError('BAD_DOMAIN', `"${entry.slice(0, 100)}" is not an email domain`);
    if (!domains.includes(domain)) domains.push(domain);
  }
  return domains;
}

function namesOf(name: MemberOrganizationNameDto): Pick<RosterRow, 'nameEn' | 'nameJa'> {
  const nameEn = name.en?.trim() || null;
  const nameJa = name.ja?.trim() || null;
  if (!nameEn && !nameJa) throw new InvalidInputError('NAME_REQUIRED', 'name needs at least one of en, ja');
  return { nameEn, nameJa };
}

/** The hub's roster of member organizations (hub admin): create, edit, list, import a CSV. */
@Injectable()
export class MembersService {
  constructor(private readonly roster: MemberRosterRepository) {}

  async list(): Promise<MemberOrganizationDto[]> {
    return (await this.roster.list()).map(MemberOrganizationDto.from);
  }

  async create(dto: CreateMemberOrganizationDto): Promise<MemberOrganizationDto> {
    return MemberOrganizationDto.from(
      await this.roster.create({ ...namesOf(dto.name), domains: domainsOf(dto.domains) }),
    );
  }

  async update(id: string, dto: UpdateMemberOrganizationDto): Promise<MemberOrganizationDto> {
    return MemberOrganizationDto.from(
      await this.roster.update(id, {
        ...(dto.name ? namesOf(dto.name) : {}),
        ...(dto.domains ? { domains: domainsOf(dto.domains) } : {}),
      }),
    );
  }

  /** Imports every acceptable line in one transaction; the others are reported with their line and reason. */
  async import(csv: string): Promise<RosterImportReportDto> {
    const { rows, rejected } = parseRosterCsv(csv, await this.roster.allDomains());
    const imported = await this.roster.importRows(rows);
    return { imported, rejected };
  }
}
