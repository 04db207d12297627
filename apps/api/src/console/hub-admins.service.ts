import { HubAdminEntity, isUniqueViolation } from '@cohost/database';
import { InvalidInputError, normalizeEmail } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The hub admins who may sign in to the console (the CLI's add-admin / remove-admin); the one writer of `hub_admins`. */
@Injectable()
export class HubAdminsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records an admin under the address's normal form (`normalizeEmail`, what
   * the sign-in form looks up); false when it already is one. An address that
   * is no plain one: `InvalidInputError`.
   */
  async add(email: string): Promise<boolean> {
    const normalized = normalizeEmail(email.trim());
    if (!normalized.address)
      throw new InvalidInputError('INVALID_EMAIL', `${JSON.stringify(email)}: ${normalized.problem}`);
    try {
      await this.dataSource.manager.insert(HubAdminEntity, { email: normalized.address });
      return true;
    } catch (error) {
      if (isUniqueViolation(error, 'hub_admins_email_key')) return false;
      throw error;
    }
  }

  /** Removes an admin; their console sessions end with the row (ON DELETE CASCADE). False when unknown. */
  async remove(email: string): Promise<boolean> {
    const address = normalizeEmail(email.trim()).address ?? email;
    const rows: unknown[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM hub_admins WHERE lower(email) = lower($1) RETURNING id) SELECT id FROM gone`,
      [address],
    );
    return rows.length > 0;
  }
}
