import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One role a person may act in. */
export type RoleOption =
  | { role: 'admin'; hubAdminId: string }
  | {
      role: 'organizer';
      organizerId: string;
      partnerId: string;
      partnerSlug: string;
      partnerName: { en: string; ja: string | null };
    };

interface RoleRow {
  role: 'admin' | 'organizer';
  id: string;
  partner_id: string | null;
  slug: string | null;
  name_en: string | null;
  name_ja: string | null;
}

/** The roles an address has now: hub admin, and organizer of each partner where it is active. */
@Injectable()
export class ConsoleRolesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rolesOf(email: string, manager: EntityManager = this.dataSource.manager): Promise<RoleOption[]> {
    const rows: RoleRow[] = await manager.query(
      `SELECT 'admin' AS role, a.id, NULL::uuid AS partner_id, NULL AS slug, NULL AS name_en, NULL AS name_ja
         FROM hub_admins a WHERE lower(a.email) = lower($1)
       UNION ALL
       SELECT 'organizer', o.id, p.id, p.slug, p.name_en, p.name_ja
         FROM organizers o JOIN partners p ON p.id = o.partner_id
        WHERE lower(o.email) = lower($1) AND o.deactivated_at IS NULL
       ORDER BY 1, 5`,
      [email.trim()],
    );
    return rows.map((row) =>
      row.role === 'admin'
        ? { role: 'admin', hubAdminId: row.id }
        : {
            role: 'organizer',
            organizerId: row.id,
            partnerId: row.partner_id!,
            partnerSlug: row.slug!,
            partnerName: { en: row.name_en!, ja: row.name_ja },
          },
    );
  }
}

/** A stable key of a role option, as the role chooser posts it. */
export function roleKey(option: RoleOption): string {
  return option.role === 'admin' ? 'admin' : `organizer:${option.organizerId}`;
}
