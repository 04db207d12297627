import { HubAdminEntity, isUniqueViolation } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The hub admins who may sign in to the console (the CLI's add-admin / remove-admin); the one writer of `hub_admins`. */
@Injectable()
export class HubAdminsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records an admin; false when the address already is one (case-insensitively). */
  async add(email: string): Promise<boolean> {
    try {
      await this.dataSource.manager.insert(HubAdminEntity, { email });
      return true;
    } catch (error) {
      if (isUniqueViolation(error, 'hub_admins_email_key')) return false;
      throw error;
    }
  }

  /** Removes an admin; their console sessions end with the row (ON DELETE CASCADE). False when unknown. */
  async remove(email: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM hub_admins WHERE lower(email) = lower($1) RETURNING id) SELECT id FROM gone`,
      [email],
    );
    return rows.length > 0;
  }
}
