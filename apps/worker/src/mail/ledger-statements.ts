import {
  MailSuppressions,
  pgPool,
  type InvitationEntity,
  type NotificationEntity,
  type RegistrationEntity,
} from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Coalescer } from './coalescer';
import { cohostStamp, type EventStamp } from './event-context-cache';

/** The columns of a notification row the sender uses. */
export type PendingNotification = Pick<
  NotificationEntity,
  | 'id'
  | 'kind'
  | 'eventId'
  | 'registrationId'
  | 'invitationId'
  | 'signInId'
  | 'eventSequence'
  | 'data'
  | 'status'
  | 'relayJob'
>;
/** The columns of a registration the sender uses. */
export type Recipient = Pick<
  RegistrationEntity,
  'id' | 'eventId' | 'email' | 'name' | 'locale' | 'timezone' | 'status' | 'waitlistedAt'
>;
/** The columns of an invitation the sender uses. */
export type LoadedInvitation = Pick<InvitationEntity, 'id' | 'email' | 'invitedByPartnerId'>;

/** The console sign-in request of a `console.sign_in` row, and whether its address may still sign in. */
export interface LoadedSignIn {
  id: string;
  email: string;
  requestedAt: Date;
  usedAt: Date | null;
  mayStillSignIn: boolean;
}

/** A notification row with its recipient and the version of its event, as one query returns them. */
export interface LoadedNotification {
  notification: PendingNotification;
  registration: Recipient | null;
  invitation: LoadedInvitation | null;
  /** The organizer an organizer-audience email goes to. */
  organizer: { id: string; email: string; name: string } | null;
  /** `console-user` kinds (no event). */
  signIn: LoadedSignIn | null;
  /** `partner-contact` kinds (no event): the partner as it is now; null once it is gone. */
  partner: { id: string; contactEmail: string; name: { en: string; ja?: string } } | null;
  /** null when the event is gone. */
  stamp: EventStamp | null;
  /** Why the recipient's address gets no bulk mail (`mail_suppressions`), or null. */
  suppression: 'unsubscribed' | 'hard_bounce' | null;
}

type Op = { load: string } | { mark: string; messageId: string };

interface Row {
  id: string;
  kind: NotificationEntity['kind'];
  event_id: string | null;
  registration_id: string | null;
  invitation_id: string | null;
  sign_in_id: string | null;
  partner_id: string | null;
  event_sequence: number;
  data: Record<string, unknown> | null;
  status: NotificationEntity['status'];
  relay_job: string | null;
  r_id: string | null;
  r_email: string;
  r_name: string;
  r_locale: RegistrationEntity['locale'];
  r_timezone: string;
  r_status: RegistrationEntity['status'];
  r_waitlisted_at: Date | null;
  i_id: string | null;
  i_email: string;
  i_invited_by: string | null;
  o_id: string | null;
  o_email: string;
  o_name: string;
  p_id: string | null;
  p_email: string;
  p_name_en: string;
  p_name_ja: string | null;
  s_email: string;
  s_created_at: Date;
  s_used_at: Date | null;
  s_may: boolean | null;
  e_id: string | null;
  e_sequence: number;
  e_status: string;
  e_updated_at: Date;
  e_starts_at: Date;
  e_ends_at: Date;
  e_cohosts: string[] | null;
  suppression: 'unsubscribed' | 'hard_bounce' | null;
}

/**
 * One statement for what concurrent jobs need from PostgreSQL in one turn:
 * first the sent marks ($2 ids, $3 Message-IDs; the ledger write, only rows
 * still `pending`), then the rows to send ($1): each with its registration
 * or invitation and its event's version stamp (the event itself comes from
 * the cache while the stamp is unchanged), a sign-in row's request and
 * whether its address still belongs to a hub admin or an active organizer,
 * or a partner notice's partner. A data-modifying WITH runs to
 * completion whether or not the SELECT reads it, and both commit together.
 *
 * The worker's connections plan it once (generic plans, `DatabaseModule.forRoot`
 * in worker.module.ts): PostgreSQL's default kept choosing a custom plan for
 * the array parameters and planned it afresh at every execution, 1.4-1.8 ms
 * each, as much as running it. One plan then serves the connection's life, so
 * each joined row is a `LATERAL (... OFFSET 0)` lookup by primary key (the
 * OFFSET keeps the planner from flattening it into a join): it reads its rows
 * by index whatever the statistics said when the plan was made, where a plain
 * join planned on a freshly filled table read every registration by a hash join.
 */
const STATEMENT = 'cohost_sender_ledger_v8';
const LEDGER_SQL = `
  WITH marked AS (
    UPDATE notifications n
       SET status = 'sent', smtp_message_id = v.message_id, sent_at = now(), last_error = NULL,
           attempts = n.attempts + 1, updated_at = now()
      FROM unnest($2::bigint[], $3::text[]) AS v(id, message_id)
     WHERE n.id = v.id AND n.status = 'pending'
  )
  SELECT n.id, n.kind, n.event_id, n.registration_id, n.invitation_id, n.sign_in_id, n.partner_id, n.event_sequence,
         n.data,
         n.status, n.relay_job,
         r.id AS r_id, r.email AS r_email, r.name AS r_name, r.locale AS r_locale, r.timezone AS r_timezone,
         r.status AS r_status, r.waitlisted_at AS r_waitlisted_at,
         i.id AS i_id, i.email AS i_email, i.invited_by_partner_id AS i_invited_by,
         org.id AS o_id, org.email AS o_email, org.name AS o_name,
         p.id AS p_id, p.contact_email AS p_email, p.name_en AS p_name_en, p.name_ja AS p_name_ja,
         s.email AS s_email, s.created_at AS s_created_at, s.used_at AS s_used_at,
         CASE WHEN s.id IS NOT NULL THEN
           EXISTS (SELECT 1 FROM hub_admins a WHERE lower(a.email) = lower(s.email))
           OR EXISTS (SELECT 1 FROM organizers o WHERE lower(o.email) = lower(s.email) AND o.deactivated_at IS NULL)
         END AS s_may,
         e.id AS e_id, e.sequence AS e_sequence, e.status AS e_status, e.updated_at AS e_updated_at,
         e.starts_at AS e_starts_at, e.ends_at AS e_ends_at,
         (SELECT array_agg(c.partner_id::text || '/' || c.status) FROM event_cohosts c WHERE c.event_id = n.event_id)
           AS e_cohosts,
         (SELECT ms.reason FROM mail_suppressions ms
           WHERE ms.address = lower(coalesce(r.email, i.email, org.email)) AND ms.scope = 'bulk') AS suppression
    FROM notifications n
    LEFT JOIN LATERAL (SELECT * FROM events WHERE id = n.event_id OFFSET 0) e ON true
    LEFT JOIN LATERAL (SELECT * FROM registrations WHERE id = n.registration_id OFFSET 0) r ON true
    LEFT JOIN LATERAL (SELECT * FROM invitations WHERE id = n.invitation_id OFFSET 0) i ON true
    LEFT JOIN LATERAL (SELECT * FROM organizers WHERE id = n.organizer_id OFFSET 0) org ON true
    LEFT JOIN LATERAL (SELECT * FROM console_sign_ins WHERE id = n.sign_in_id OFFSET 0) s ON true
    LEFT JOIN LATERAL (SELECT * FROM partners WHERE id = n.partner_id OFFSET 0) p ON true
   WHERE n.id = ANY($1::bigint[])`;

/**
 * Every statement of the send ledger, used by the sender alone: load (the
 * ledger check: send only if `pending`), claim, mark sent, skip, and record a
 * failed attempt. The two per message, load and mark sent, are coalesced
 * across concurrent jobs: whatever loads and marks are asked for
 * in the same turn of the event loop go out as one statement, one round
 * trip. Each caller still gets its own row, or the statement's error.
 *
 * Why one statement for both: with 32 jobs in flight the loads and the marks
 * of different jobs arrive in alternating turns, and a round trip to
 * PostgreSQL was the worker's most expensive system call per message.
 */
@Injectable()
export class LedgerStatements {
  private readonly ops = new Coalescer<Op, LoadedNotification | null>((ops) => this.run(ops));

  constructor(private readonly dataSource: DataSource) {}

  /** The notification row with its recipient and event stamp; null if the row is gone. */
  load(notificationId: string): Promise<LoadedNotification | null> {
    return this.ops.call({ load: notificationId });
  }

  /** Marks a row sent under the Message-ID that went out (no-op unless it is still `pending`). */
  async markSent(notificationId: string, messageId: string): Promise<void> {
    await this.ops.call({ mark: notificationId, messageId });
  }

  /**
   * Makes `jobId` the one job allowed to send those of `ids` that no job has
   * yet (a job that started before its relay committed, or one a relay that
   * died left in Redis), and says which of them are now this job's. The
   * UPDATE waits for a relay transaction still holding the rows and then
   * sees its outcome, so two jobs never both take a row.
   */
  async claim(ids: readonly string[], jobId: string): Promise<Set<string>> {
    const { rows } = await pgPool(this.dataSource).query<{ id: string; relay_job: string }>(
      `UPDATE notifications SET relay_job = coalesce(relay_job, $2), relayed_at = coalesce(relayed_at, now())
        WHERE id = ANY($1::bigint[]) AND status = 'pending'
        RETURNING id, relay_job`,
      [ids, jobId],
    );
    return new Set(rows.filter((row) => row.relay_job === jobId).map((row) => String(row.id)));
  }

  /** The row will not be sent (why, in `last_error`), unless it is no longer `pending`. */
  async markSkipped(notificationId: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET status = 'skipped', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`,
      [notificationId, reason],
    );
  }

  /**
   * An attempt that reached the server and failed: `attempts + 1`, the error,
   * and `failed` when it was the last one (or a permanent refusal).
   */
  async recordFailure(notificationId: string, error: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET status = $2, last_error = $3, attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [notificationId, final ? 'failed' : 'pending', error],
    );
  }

  /** The address gets no more bulk mail (a hard bounce); an earlier reason (an unsubscribe) stays. */
  async suppressAfterHardBounce(address: string, detail: string): Promise<void> {
    await MailSuppressions.hardBounce(this.dataSource.manager, address, detail);
  }

  /** The server could not be reached: the error is noted, no attempt is counted, the row stays `pending`. */
  async recordUnreachable(notificationId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET last_error = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`,
      [notificationId, error],
    );
  }

  private async run(ops: Op[]): Promise<Array<LoadedNotification | null>> {
    const loads: string[] = [];
    const marks: string[] = [];
    const messageIds: string[] = [];
    for (const op of ops) {
      if ('load' in op) loads.push(op.load);
      else {
        marks.push(op.mark);
        messageIds.push(op.messageId);
      }
    }
    // TypeORM's pg pool, used directly for one reason: a named statement is
    // parsed and planned once per connection instead of at every round trip.
    const { rows } = await pgPool(this.dataSource).query<Row>({
      name: STATEMENT,
      text: LEDGER_SQL,
      values: [loads, marks, messageIds],
    });
    const byId = new Map(rows.map((row) => [String(row.id), row]));
    return ops.map((op) => {
      if (!('load' in op)) return null;
      const row = byId.get(op.load);
      return row ? fromRow(row) : null;
    });
  }
}

function fromRow(row: Row): LoadedNotification {
  return {
    notification: {
      id: String(row.id),
      kind: row.kind,
      eventId: row.event_id,
      registrationId: row.registration_id,
      invitationId: row.invitation_id,
      signInId: row.sign_in_id,
      eventSequence: row.event_sequence,
      data: row.data ?? {},
      status: row.status,
      relayJob: row.relay_job,
    },
    registration: row.r_id
      ? {
          id: row.r_id,
          eventId: row.event_id!,
          email: row.r_email,
          name: row.r_name,
          locale: row.r_locale,
          timezone: row.r_timezone,
          status: row.r_status,
          waitlistedAt: row.r_waitlisted_at,
        }
      : null,
    invitation: row.i_id ? { id: row.i_id, email: row.i_email, invitedByPartnerId: row.i_invited_by } : null,
    organizer: row.o_id ? { id: row.o_id, email: row.o_email, name: row.o_name } : null,
    partner: row.p_id
      ? {
          id: row.p_id,
          contactEmail: row.p_email,
          name: { en: row.p_name_en, ...(row.p_name_ja ? { ja: row.p_name_ja } : {}) },
        }
      : null,
    suppression: row.suppression ?? null,
    signIn: row.sign_in_id
      ? {
          id: row.sign_in_id,
          email: row.s_email,
          requestedAt: row.s_created_at,
          usedAt: row.s_used_at,
          mayStillSignIn: row.s_may === true,
        }
      : null,
    stamp: row.e_id
      ? {
          eventId: row.e_id,
          sequence: row.e_sequence,
          status: row.e_status,
          updatedAt: row.e_updated_at,
          startsAt: row.e_starts_at,
          endsAt: row.e_ends_at,
          cohosts: cohostStamp(
            (row.e_cohosts ?? []).map((s) => {
              const slash = s.lastIndexOf('/');
              return { partnerId: s.slice(0, slash), status: s.slice(slash + 1) };
            }),
          ),
        }
      : null,
  };
}
