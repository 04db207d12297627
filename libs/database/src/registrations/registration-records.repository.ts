import { EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE ... RETURNING with `[rows, affected]`. */
function rowsOf<T>(result: unknown): T[] {
  return (result as [T[], number])[0];
}

/**
 * The writes of a registration after it was made: attendance, the first
 * opening of the join link, and anonymization (an erasure, the retention
 * sweep), with the registrant's answers that go with it. Registering,
 * promotion and cancellation are the api's `RegistrationWritesRepository`
 * (seat counters move with them); these statements live here because the
 * worker's retention sweep runs them too.
 */
export const RegistrationRecordsRepository = {
  /**
   * Marks one registration of the event as attended or not; `visibleTo`
   * `cohost` leaves out registrants who did not consent to share with
   * co-hosts (their rows are never matched). Undefined when no row matched.
   */
  async markAttended(
    db: EntityManager,
    mark: { registrationId: string; eventId: string; attended: boolean; visibleTo: 'host' | 'cohost' },
  ): Promise<{ id: string; attended: boolean; joined_at: Date | null } | undefined> {
    const rows = rowsOf<{ id: string; attended: boolean; joined_at: Date | null }>(
      await db.query(
        `UPDATE registrations SET attended = $3, updated_at = now()
          WHERE id = $1 AND event_id = $2 AND ($4::boolean OR share_with_cohosts)
          RETURNING id, attended, joined_at`,
        [mark.registrationId, mark.eventId, mark.attended, mark.visibleTo === 'host'],
      ),
    );
    return rows[0];
  },

  /** Marks confirmed registrants of the event with these (lower-case) addresses as attended; returns those matched. */
  async markAttendedByEmails(
    db: EntityManager,
    eventId: string,
    emails: readonly string[],
    visibleTo: 'host' | 'cohost',
  ): Promise<string[]> {
    const rows = rowsOf<{ email: string }>(
      await db.query(
        `UPDATE registrations SET attended = true, updated_at = now()
          WHERE event_id = $1 AND status = 'confirmed' AND lower(email) = ANY($2::text[])
            AND ($3::boolean OR share_with_cohosts)
          RETURNING lower(email) AS email`,
        [eventId, emails, visibleTo === 'host'],
      ),
    );
    return rows.map((row) => row.email);
  },

  /** The first opening of a personal join link: joined and attended. A concurrent second one changes nothing. */
  async markJoined(db: EntityManager, registrationId: string, now: Date): Promise<void> {
    await db.query(
      `UPDATE registrations SET joined_at = $2, attended = true, updated_at = now()
        WHERE id = $1 AND joined_at IS NULL`,
      [registrationId, now],
    );
  },

  /**
   * An erasure: every registration of the address loses the name, address
   * and organization (`erased-<id>@invalid`), and its answers (the person's
   * words). Returns the ids.
   */
  async anonymizeByEmail(db: EntityManager, address: string): Promise<string[]> {
    const ids = rowsOf<{ id: string }>(
      await db.query(
        `UPDATE registrations SET email = 'erased-' || id || '@invalid', name = 'erased', organization = ''
          WHERE lower(email) = lower($1) RETURNING id`,
        [address],
      ),
    ).map((row) => row.id);
    await deleteAnswers(db, ids);
    return ids;
  },

  /** The retention sweep: the same for registrants of events that ended before `cutoff`, not yet anonymized. */
  async anonymizeOfEventsEndedBefore(db: EntityManager, cutoff: Date): Promise<string[]> {
    const ids = rowsOf<{ id: string }>(
      await db.query(
        `UPDATE registrations r SET email = 'erased-' || r.id || '@invalid', name = 'erased', organization = ''
           FROM events e
          WHERE e.id = r.event_id AND e.ends_at < $1 AND r.email NOT LIKE '%@invalid'
          RETURNING r.id`,
        [cutoff],
      ),
    ).map((row) => row.id);
    await deleteAnswers(db, ids);
    return ids;
  },
};

async function deleteAnswers(db: EntityManager, registrationIds: readonly string[]): Promise<void> {
  await db.query(`DELETE FROM registration_answers WHERE registration_id = ANY($1::uuid[])`, [registrationIds]);
}
