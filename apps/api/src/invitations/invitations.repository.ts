import { EntityManager } from 'typeorm';

/**
 * The SQL of the `invitations` table's writes from the API (the code hash is
 * written by the worker's minter, `mintInvitationCode`; a registration marks
 * its invitation used in the registration statements).
 */
export const InvitationsRepository = {
  /**
   * One row per address of the event (case-insensitive), recording the
   * partner who first invited it (who may see its emails in the
   * notifications list); an address invited again keeps its row, and becomes
   * usable again if the registration its code was used for was cancelled.
   * Returns each row's id and whether it is new.
   */
  async upsert(
    manager: EntityManager,
    eventId: string,
    emails: readonly string[],
    invitedByPartnerId: string,
  ): Promise<Array<{ id: string; created: boolean }>> {
    const rows: Array<{ id: string; created: boolean }> = await manager.query(
      `INSERT INTO invitations (event_id, email, invited_by_partner_id)
       SELECT $1, address, $3 FROM unnest($2::text[]) AS address
       ON CONFLICT (event_id, lower(email)) DO UPDATE
          SET used_at = CASE WHEN EXISTS (SELECT 1 FROM registrations r
                                           WHERE r.id = invitations.registration_id AND r.status <> 'cancelled')
                             THEN invitations.used_at END,
              registration_id = CASE WHEN EXISTS (SELECT 1 FROM registrations r
                                                   WHERE r.id = invitations.registration_id AND r.status <> 'cancelled')
                                     THEN invitations.registration_id END
       RETURNING id, (xmax = 0) AS created`,
      [eventId, emails, invitedByPartnerId],
    );
    return rows;
  },
};
