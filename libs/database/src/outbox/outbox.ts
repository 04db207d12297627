import { EntityManager } from 'typeorm';
import { NotificationKind } from '../entities/notification.entity';

/** PostgreSQL channel that wakes the relay when outbox rows commit. */
export const OUTBOX_CHANNEL = 'cohost_outbox';

export type RegistrationNotificationKind = Extract<NotificationKind, `registration.${string}`>;
export type EventFanoutKind = Extract<NotificationKind, 'event.updated' | 'event.cancelled' | 'event.reminder'>;

/**
 * Writers of the transactional outbox. Call them with the EntityManager of
 * the transaction that makes the change: the rows commit or roll back with
 * it. Each row is one email; its `dedupe_key` (kind, target, event sequence)
 * makes writing the same fact twice harmless. Rows never hold a join link or
 * a secret: the worker loads and mints those when it renders.
 */
export const Outbox = {
  /** One row per registration, e.g. `registration.confirmed` for a new registrant or several promoted ones. */
  async forRegistrations(
    manager: EntityManager,
    kind: RegistrationNotificationKind,
    registrationIds: readonly string[],
    data: Record<string, unknown> = {},
  ): Promise<number> {
    if (registrationIds.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
       SELECT $1, r.event_id, r.id, e.sequence, $1 || ':' || r.id || ':' || e.sequence, r.email, $3::jsonb
         FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE r.id = ANY($2::uuid[])
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [kind, registrationIds, JSON.stringify(data)],
    );
    return wake(manager, rows.length);
  },

  /**
   * One row per confirmed registrant of an event, in one statement (an event
   * with 10,000 registrants is one INSERT ... SELECT, not a loop).
   * `keySuffix` separates messages of the same kind and sequence (reminder
   * offsets); `confirmedBefore` leaves out whoever was confirmed later.
   */
  async forConfirmedRegistrants(
    manager: EntityManager,
    kind: EventFanoutKind,
    eventId: string,
    options: { data?: Record<string, unknown>; keySuffix?: string; confirmedBefore?: Date } = {},
  ): Promise<number> {
    const suffix = options.keySuffix ? `:${options.keySuffix}` : '';
    const rows: unknown[] = await manager.query(
      `INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
       SELECT $1, e.id, r.id, e.sequence, $1 || ':' || r.id || ':' || e.sequence || $3, r.email, $4::jsonb
         FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE e.id = $2 AND r.status = 'confirmed'
          AND ($5::timestamptz IS NULL OR r.confirmed_at <= $5::timestamptz)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [kind, eventId, suffix, JSON.stringify(options.data ?? {}), options.confirmedBefore ?? null],
    );
    return wake(manager, rows.length);
  },

  /** One `invitation` row per invitation; `round` tells one sending of the same invitation from another. */
  async forInvitations(manager: EntityManager, invitationIds: readonly string[], round: string): Promise<number> {
    if (invitationIds.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO notifications (kind, event_id, invitation_id, event_sequence, dedupe_key, recipient, data)
       SELECT 'invitation', i.event_id, i.id, e.sequence, 'invitation:' || i.id || ':' || $2, i.email, '{}'::jsonb
         FROM invitations i JOIN events e ON e.id = i.event_id
        WHERE i.id = ANY($1::uuid[])
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [invitationIds, round],
    );
    return wake(manager, rows.length);
  },

  /**
   * A console sign-in request and its `console.sign_in` email, in one
   * statement. `sendable` false (nobody may sign in with this address)
   * still writes both rows, the email `skipped` and never relayed, so a
   * known and an unknown address cost the same work and time. The link's
   * secret is minted by the worker when it sends.
   */
  async forSignIn(
    manager: EntityManager,
    request: { email: string; locale: 'ja' | 'en'; sendable: boolean },
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `WITH s AS (INSERT INTO console_sign_ins (email) VALUES ($1) RETURNING id)
       INSERT INTO notifications (kind, sign_in_id, event_sequence, dedupe_key, recipient, data,
                                  status, relayed_at, last_error)
       SELECT 'console.sign_in', s.id, 0, 'console.sign_in:' || s.id, $1, $2::jsonb,
              CASE WHEN $3 THEN 'pending' ELSE 'skipped' END,
              CASE WHEN $3 THEN NULL ELSE now() END,
              CASE WHEN $3 THEN NULL ELSE 'no hub admin or active organizer has this address' END
         FROM s
       RETURNING sign_in_id AS id`,
      [request.email, JSON.stringify({ locale: request.locale }), request.sendable],
    );
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return row.id;
  },
};

/** NOTIFY is transactional: the relay hears it only if and when the rows commit. */
async function wake(manager: EntityManager, inserted: number): Promise<number> {
  if (inserted > 0) await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  return inserted;
}
