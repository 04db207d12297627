import { EntityManager } from 'typeorm';
import { AuditLog } from './audit-log';
import { InvitationsRepository } from '../invitations/invitations.repository';
import { Outbox } from '../outbox/outbox';
import { RegistrationRecordsRepository } from '../registrations/registration-records.repository';
import { WebhookOutbox } from '../webhooks/webhook-outbox';

export interface RetentionResult {
  registrations: number;
  invitations: number;
  auditEntries: number;
  /** `registrant.erased` webhook messages written (one per endpoint that had received an anonymized person). */
  webhooksNotified: number;
}

/**
 * The retention sweep: registrants (and invitees) of events that ended more
 * than `retentionDays` ago lose their name, address and organization (the
 * same placeholders as an erasure: `erased-<id>@invalid`), their outbox rows
 * lose the address; statuses, times and attendance stay, so every number of
 * the hub is the same after it. Already anonymized rows are left alone, so a
 * second run changes nothing. As with an erasure, each partner whose webhook
 * endpoints were sent an anonymized registrant's name or email gets
 * `registrant.erased`, and the stored payloads lose the details. Audit entries older than `auditRetentionDays`
 * are deleted.
 */
export async function sweepPersonalData(
  manager: EntityManager,
  options: { retentionDays: number; auditRetentionDays: number; now?: Date },
): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
  return manager.transaction(async (db) => {
    const due: Array<{ id: string; event_id: string }> = await db.query(
      `SELECT r.id, r.event_id FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE e.ends_at < $1 AND r.email NOT LIKE '%@invalid'`,
      [cutoff],
    );
    const webhooksNotified = await WebhookOutbox.registrantsErased(
      db,
      due.map((r) => ({ id: r.id, eventId: r.event_id })),
    );
    const registrations = await RegistrationRecordsRepository.anonymizeOfEventsEndedBefore(db, cutoff);
    const invitations = await InvitationsRepository.anonymizeOfEventsEndedBefore(db, cutoff);
    await Outbox.eraseRecipientsOfEventsEndedBefore(db, cutoff);
    const auditCutoff = new Date(now.getTime() - options.auditRetentionDays * 86_400_000);
    const auditEntries = await AuditLog.deleteOlderThan(db, auditCutoff);
    return {
      registrations: registrations.length,
      invitations: invitations.length,
      auditEntries,
      webhooksNotified,
    };
  });
}
