import { notificationDedupeKey, type NotificationKind, type RegistrantNotificationKind } from '@cohost/domain';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

/** PostgreSQL channel that wakes the relay when outbox rows commit. */
export const OUTBOX_CHANNEL = 'cohost_outbox';

export type RegistrationNotificationKind = Extract<RegistrantNotificationKind, `registration.${string}`>;
export type EventFanoutKind = Extract<RegistrantNotificationKind, `event.${string}`>;

/**
 * The outbox row of kind `kind` for registration `registrationId` at event
 * sequence `sequence`: the columns every writer of registration emails puts
 * into `notifications` (the registration statements insert them in SQL with
 * {@link registrationDedupeKeySql}; both spell the key of
 * `notificationDedupeKey`).
 */
export function registrationOutboxRow(
  kind: RegistrantNotificationKind,
  registration: { id: string; eventId: string; email: string },
  sequence: number,
  data: Record<string, unknown> = {},
): {
  kind: NotificationKind;
  eventId: string;
  registrationId: string;
  eventSequence: number;
  dedupeKey: string;
  recipient: string;
  data: Record<string, unknown>;
} {
  return {
    kind,
    eventId: registration.eventId,
    registrationId: registration.id,
    eventSequence: sequence,
    dedupeKey: notificationDedupeKey(kind, registration.id, sequence),
    recipient: registration.email,
    data,
  };
}

/**
 * The same dedupe key as an SQL expression, for set-based inserts: `kind`,
 * `registrationId` and `sequence` are SQL expressions (a parameter, a column,
 * `'registration.' || r.status`); `suffix` an optional text expression.
 */
export function registrationDedupeKeySql(kind: string, registrationId: string, sequence: string, suffix?: string) {
  return `${kind} || ':' || ${registrationId} || ':' || ${sequence}${suffix ? ` || ${suffix}` : ''}`;
}

/**
 * Writers of the transactional outbox. Call them with the EntityManager of
 * the transaction that makes the change: the rows commit or roll back with
 * it. Each row is one email; its `dedupe_key` (kind, target, event sequence)
 * makes writing the same fact twice harmless. Rows never hold a join link or
 * a secret: the worker loads and mints those when it renders.
 */
export const Outbox = {
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
       SELECT $1, e.id, r.id, e.sequence, ${registrationDedupeKeySql('$1', 'r.id', 'e.sequence', '$3')}, r.email, $4::jsonb
         FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE e.id = $2 AND r.status = 'confirmed'
          AND ($5::timestamptz IS NULL OR r.confirmed_at <= $5::timestamptz)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [kind, eventId, suffix, JSON.stringify(options.data ?? {}), options.confirmedBefore ?? null],
    );
    return wake(manager, rows.length);
  },

  /**
   * The event was cancelled: every live registrant is told, confirmed ones
   * with `event.cancelled` (a CANCEL that removes the calendar entry),
   * waitlisted ones with `event.cancelled.waitlisted` (no calendar part: they
   * have no entry). Call it before the waitlisted registrations are closed.
   */
  async forEventCancellation(manager: EntityManager, eventId: string, data: Record<string, unknown>): Promise<number> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
       SELECT k.kind, e.id, r.id, e.sequence, ${registrationDedupeKeySql('k.kind', 'r.id', 'e.sequence')}, r.email,
              $2::jsonb
         FROM registrations r JOIN events e ON e.id = r.event_id
        CROSS JOIN LATERAL (SELECT CASE r.status WHEN 'confirmed' THEN 'event.cancelled'
                                                 ELSE 'event.cancelled.waitlisted' END AS kind) k
        WHERE e.id = $1 AND r.status IN ('confirmed', 'waitlisted')
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [eventId, JSON.stringify(data)],
    );
    return wake(manager, rows.length);
  },

  /**
   * The follow-up after an event: one `event.followup` row per confirmed
   * registrant, with `attendee`'s data for those marked as attended and
   * `noShow`'s for the others, in one statement.
   */
  async forFollowup(
    manager: EntityManager,
    eventId: string,
    data: { attendee: Record<string, unknown>; noShow: Record<string, unknown> },
  ): Promise<{ attendees: number; noShows: number }> {
    const rows: Array<{ attended: boolean }> = await manager.query(
      `INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
       SELECT 'event.followup', e.id, r.id, e.sequence,
              ${registrationDedupeKeySql("'event.followup'", 'r.id', 'e.sequence')}, r.email,
              CASE WHEN r.attended THEN $2::jsonb ELSE $3::jsonb END
         FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE e.id = $1 AND r.status = 'confirmed'
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING (data->>'audience') = 'attendee' AS attended`,
      [eventId, JSON.stringify(data.attendee), JSON.stringify(data.noShow)],
    );
    await wake(manager, rows.length);
    const attendees = rows.filter((r) => r.attended).length;
    return { attendees, noShows: rows.length - attendees };
  },

  /**
   * An organizers' announcement: one `event.announcement` row per registrant
   * of `audience` (confirmed, waitlisted or both), in one statement, each
   * with the texts of the registrant's language; `consentingOnly` (a
   * co-host's announcement) leaves out who did not consent to share with
   * co-hosts. The key (announcement, registration) sends each person one.
   */
  async forAnnouncement(
    manager: EntityManager,
    announcement: {
      id: string;
      eventId: string;
      audience: 'confirmed' | 'waitlisted' | 'both';
      consentingOnly: boolean;
      texts: Record<'ja' | 'en', { subject: string; body: string }>;
    },
  ): Promise<number> {
    const statuses = announcement.audience === 'both' ? ['confirmed', 'waitlisted'] : [announcement.audience];
    const data = (locale: 'ja' | 'en') =>
      JSON.stringify({
        announcementId: announcement.id,
        subject: { [locale]: announcement.texts[locale].subject },
        body: { [locale]: announcement.texts[locale].body },
      });
    const rows: unknown[] = await manager.query(
      `INSERT INTO notifications (kind, event_id, registration_id, event_sequence, dedupe_key, recipient, data)
       SELECT 'event.announcement', e.id, r.id, e.sequence,
              ${registrationDedupeKeySql("'event.announcement'", 'r.id', '$2::text')}, r.email,
              CASE r.locale WHEN 'ja' THEN $5::jsonb ELSE $6::jsonb END
         FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE e.id = $1 AND r.status = ANY($3::text[]) AND (NOT $4::boolean OR r.share_with_cohosts)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [announcement.eventId, announcement.id, statuses, announcement.consentingOnly, data('ja'), data('en')],
    );
    return wake(manager, rows.length);
  },

  /**
   * One `invitation` row per invitation; `round` tells one sending of the
   * same invitation from another, `invitedByPartnerId` (in the row's data)
   * who sends this round: the email says who invites.
   */
  async forInvitations(
    manager: EntityManager,
    invitationIds: readonly string[],
    round: string,
    invitedByPartnerId: string,
  ): Promise<number> {
    if (invitationIds.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO notifications (kind, event_id, invitation_id, event_sequence, dedupe_key, recipient, data)
       SELECT 'invitation', i.event_id, i.id, e.sequence, 'invitation:' || i.id || ':' || $2::text, i.email,
              jsonb_build_object('invitedByPartnerId', $3::text)
         FROM invitations i JOIN events e ON e.id = i.event_id
        WHERE i.id = ANY($1::uuid[])
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [invitationIds, round, invitedByPartnerId],
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
    const id = randomUUID();
    await manager.query(
      `WITH s AS (INSERT INTO console_sign_ins (id, email) VALUES ($4, $1) RETURNING id)
       INSERT INTO notifications (kind, sign_in_id, event_sequence, dedupe_key, recipient, data,
                                  status, relayed_at, last_error)
       SELECT 'console.sign_in', s.id, 0, $5, $1, $2::jsonb,
              CASE WHEN $3 THEN 'pending' ELSE 'skipped' END,
              CASE WHEN $3 THEN NULL ELSE now() END,
              CASE WHEN $3 THEN NULL ELSE 'no hub admin or active organizer has this address' END
         FROM s`,
      [
        request.email,
        JSON.stringify({ locale: request.locale }),
        request.sendable,
        id,
        notificationDedupeKey('console.sign_in', id),
      ],
    );
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return id;
  },

  /**
   * `agreement.cohosting_ended` to each organizer of either partner, listing
   * the webinars that lost their co-hosting (`data`: built per organizer, it
   * names the other partner). The key (kind, organizer, agreement, end
   * date) makes writing the same end twice one email per organizer.
   */
  async forCohostingEnded(
    manager: EntityManager,
    end: { agreementId: string; on: string; eventId: string; eventSequence: number },
    organizers: ReadonlyArray<{ id: string; email: string; data: Record<string, unknown> }>,
  ): Promise<number> {
    const kind = 'agreement.cohosting_ended';
    let emails = 0;
    for (const organizer of organizers) {
      const rows: unknown[] = await manager.query(
        `INSERT INTO notifications (kind, event_id, organizer_id, event_sequence, dedupe_key, recipient, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [
          kind,
          end.eventId,
          organizer.id,
          end.eventSequence,
          notificationDedupeKey(kind, organizer.id, end.agreementId, end.on),
          organizer.email,
          JSON.stringify(organizer.data),
        ],
      );
      emails += rows.length;
    }
    return wake(manager, emails);
  },

  /**
   * `webhook.endpoint_disabled` to the partner's contact address; the key
   * names this disablement (endpoint, time), so concurrent failures that
   * disable it once give one email.
   */
  async forEndpointDisabled(
    manager: EntityManager,
    notice: { endpointId: string; partnerId: string; recipient: string; at: Date; data: Record<string, unknown> },
  ): Promise<void> {
    const kind = 'webhook.endpoint_disabled';
    await manager.query(
      `INSERT INTO notifications (kind, partner_id, event_sequence, dedupe_key, recipient, data)
       VALUES ($1, $2, 0, $3, $4, $5::jsonb) ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        kind,
        notice.partnerId,
        notificationDedupeKey(kind, notice.endpointId, notice.at.getTime()),
        notice.recipient,
        JSON.stringify(notice.data),
      ],
    );
    // Woken whether or not the row was new, as before: a harmless extra wake-up.
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  },

  /**
   * An erasure: pending emails of the person's registrations and invitations
   * are skipped, and every row addressed to them loses the address. Returns
   * how many were skipped.
   */
  async skipAndEraseRecipient(
    manager: EntityManager,
    address: string,
    erased: { registrations: readonly string[]; invitations: readonly string[] },
  ): Promise<number> {
    const [skipped]: [unknown[], number] = await manager.query(
      `UPDATE notifications SET status = 'skipped', last_error = 'the recipient was erased', updated_at = now()
        WHERE status = 'pending' AND (registration_id = ANY($1::uuid[]) OR invitation_id = ANY($2::uuid[]))
        RETURNING id`,
      [erased.registrations, erased.invitations],
    );
    await manager.query(`UPDATE notifications SET recipient = 'erased@invalid' WHERE lower(recipient) = lower($1)`, [
      address,
    ]);
    return skipped.length;
  },

  /** The retention sweep: rows of events that ended before `cutoff` lose their address. */
  async eraseRecipientsOfEventsEndedBefore(manager: EntityManager, cutoff: Date): Promise<void> {
    await manager.query(
      `UPDATE notifications n SET recipient = 'erased@invalid'
         FROM events e
        WHERE e.id = n.event_id AND e.ends_at < $1 AND n.recipient <> 'erased@invalid'`,
      [cutoff],
    );
  },
};

/**
 * Sends failed messages of an event again (all of them, or those of `ids`):
 * each goes back to `pending` with fresh attempts and no job, so the relay
 * queues it anew (`resends` + 1 gives a row sent alone a job id of its own:
 * BullMQ still holds the failed job's). Only `failed` rows move; a row that
 * was sent stays sent, so the ledger still keeps any message from going out
 * twice.
 */
export async function resendFailed(
  manager: EntityManager,
  eventId: string,
  ids: readonly string[] | null,
): Promise<string[]> {
  // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
  const [rows]: [Array<{ id: string }>, number] = await manager.query(
    `UPDATE notifications
        SET status = 'pending', attempts = 0, last_error = NULL, relayed_at = NULL, relay_job = NULL,
            resends = resends + 1, updated_at = now()
      WHERE event_id = $1 AND status = 'failed' AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))
      RETURNING id`,
    [eventId, ids],
  );
  await wake(manager, rows.length);
  return rows.map((row) => String(row.id));
}

/** NOTIFY is transactional: the relay hears it only if and when the rows commit. */
async function wake(manager: EntityManager, inserted: number): Promise<number> {
  if (inserted > 0) await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  return inserted;
}
