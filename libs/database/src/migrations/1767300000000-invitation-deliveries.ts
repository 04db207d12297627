import { MigrationInterface, QueryRunner } from 'typeorm';

/** The emails of an invitation, found by it (the console's invitation list shows each one's latest status). */
export class InvitationDeliveries1767300000000 implements MigrationInterface {
  name = 'InvitationDeliveries1767300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX notifications_invitation_idx ON notifications (invitation_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notifications_invitation_idx`);
  }
}
