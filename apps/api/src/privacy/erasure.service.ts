import {
  AuditLog,
  InvitationsRepository,
  Outbox,
  RegistrationRecordsRepository,
  WebhookOutbox,
  type AuditActor,
} from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ErasureResult {
  registrations: number;
  invitations: number;
  notificationsSkipped: number;
  /** `registrant.erased` webhook messages written (one per endpoint per registration). */
  webhooksNotified: number;
}

/**
 * Erases a person by address in one transaction: every registration's email,
 * name and organization are replaced (`erased-<id>@invalid`, `erased`, empty),
 * its status and attendance stay, so counts do not change; invitations to the
 * address get the same placeholder; pending emails of those registrations and
 * invitations are skipped, and the address is scrubbed from every outbox row.
 * Each partner whose webhook endpoints were sent the person's name or email
 * gets `registrant.erased` (ids only), and the stored webhook payloads lose
 * the person's details.
 */
@Injectable()
export class ErasureService {
  constructor(private readonly dataSource: DataSource) {}

  /** What an erasure of the address would change, shown before a hub admin confirms it (no change, no audit entry). */
  async preview(address: string): Promise<{ registrations: number; invitations: number }> {
    const [row]: Array<{ registrations: number; invitations: number }> = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM registrations WHERE lower(email) = lower($1)) AS registrations,
              (SELECT count(*)::int FROM invitations WHERE lower(email) = lower($1)) AS invitations`,
      [address],
    );
    return row;
  }

  async erase(address: string, actor: AuditActor): Promise<ErasureResult> {
    return this.dataSource.transaction(async (db) => {
      // Who received the person's data through webhooks is told (before the payloads are scrubbed).
      const held: Array<{ id: string; event_id: string }> = await db.query(
        `SELECT id, event_id FROM registrations WHERE lower(email) = lower($1)`,
        [address],
      );
      const webhooksNotified = await WebhookOutbox.registrantsErased(
        db,
        held.map((r) => ({ id: r.id, eventId: r.event_id })),
      );
      // Answers to registration questions are the person's words: gone with them.
      const registrations = await RegistrationRecordsRepository.anonymizeByEmail(db, address);
      const invitations = await InvitationsRepository.anonymizeByEmail(db, address);
      const skipped = await Outbox.skipAndEraseRecipient(db, address, { registrations, invitations });
      await AuditLog.record(db, {
        actor,
        action: 'erasure',
        detail: { registrationIds: registrations, invitationIds: invitations },
      });
      return {
        registrations: registrations.length,
        invitations: invitations.length,
        notificationsSkipped: skipped,
        webhooksNotified,
      };
    });
  }
}
