import { EntityManager } from 'typeorm';
import { Outbox, OUTBOX_CHANNEL } from '../outbox/outbox';

/** How long a rotated-out secret still signs (Standard Webhooks: receivers swap within a day). */
export const PREVIOUS_SECRET_VALID_MS = 24 * 3600 * 1000;

export interface WebhookEndpointRow {
  id: string;
  partnerId: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  secretEnc: string;
  previousSecretEnc: string | null;
  previousSecretExpiresAt: Date | null;
  disabledReason: string | null;
  /** When the platform disabled it (410, or failing too long); null while enabled or when its organizers did. */
  disabledAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookAttemptRow {
  id: string;
  messageId: string;
  msgId: string;
  type: string;
  messageStatus: string;
  attempt: number;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  createdAt: Date;
}

const ENDPOINT_COLUMNS = `id, partner_id AS "partnerId", url, event_types AS "eventTypes", enabled,
  secret_enc AS "secretEnc", previous_secret_enc AS "previousSecretEnc",
  previous_secret_expires_at AS "previousSecretExpiresAt", disabled_reason AS "disabledReason",
  disabled_at AS "disabledAt", failing_since AS "failingSince", created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * The one owner of the webhook tables' writes besides the outbox writer
 * ({@link WebhookOutbox}): endpoints for the API, deliveries for the worker.
 */
export const WebhooksRepository = {
  async createEndpoint(
    db: EntityManager,
    row: { partnerId: string; url: string; eventTypes: readonly string[]; enabled: boolean; secretEnc: string },
  ): Promise<WebhookEndpointRow> {
    const [created] = await db.query(
      `INSERT INTO webhook_endpoints (partner_id, url, event_types, enabled, secret_enc)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${ENDPOINT_COLUMNS}`,
      [row.partnerId, row.url, row.eventTypes, row.enabled, row.secretEnc],
    );
    return created;
  },

  async listEndpoints(db: EntityManager, partnerId: string): Promise<WebhookEndpointRow[]> {
    return db.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE partner_id = $1 ORDER BY created_at, id`, [
      partnerId,
    ]);
  },

  async findEndpoint(db: EntityManager, id: string): Promise<WebhookEndpointRow | null> {
    const [row] = await db.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
    return row ?? null;
  },

  async updateEndpoint(
    db: EntityManager,
    id: string,
    change: { url?: string; eventTypes?: readonly string[]; enabled?: boolean },
  ): Promise<WebhookEndpointRow> {
    // Enabling again clears the reason it was disabled and the failure clock.
    const [[row]] = await db.query(
      `UPDATE webhook_endpoints
          SET url = coalesce($2, url), event_types = coalesce($3, event_types), enabled = coalesce($4, enabled),
              disabled_reason = CASE WHEN $4 IS TRUE THEN NULL ELSE disabled_reason END,
              failing_since = CASE WHEN $4 IS TRUE THEN NULL ELSE failing_since END,
              disabled_at = CASE WHEN $4 IS TRUE THEN NULL ELSE disabled_at END,
              updated_at = now()
        WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, change.url ?? null, change.eventTypes ?? null, change.enabled ?? null],
    );
    return row;
  },

  async rotateSecret(db: EntityManager, id: string, secretEnc: string, now: Date): Promise<WebhookEndpointRow> {
    const [[row]] = await db.query(
      `UPDATE webhook_endpoints
          SET previous_secret_enc = secret_enc, previous_secret_expires_at = $3, secret_enc = $2, updated_at = now()
        WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, secretEnc, new Date(now.getTime() + PREVIOUS_SECRET_VALID_MS)],
    );
    return row;
  },

  /**
   * The platform disables an endpoint (it answered 410 Gone, or has failed
   * for `WEBHOOK_DISABLE_AFTER_MS`) and writes one `webhook.endpoint_disabled`
   * email to the partner's contact address, in the caller's transaction. Only
   * the call that turns it off writes the email (`WHERE enabled`), and the
   * dedupe key names this disablement, so concurrent failures of several
   * messages give one email. False when it was already disabled.
   */
  async disableEndpoint(
    db: EntityManager,
    endpointId: string,
    disable: { reason: 'gone' | 'failing'; lastError: string; now: Date },
  ): Promise<boolean> {
    const [rows]: [Array<{ partner_id: string; url: string; failing_since: Date | null; contact_email: string }>] =
      await db.query(
        `UPDATE webhook_endpoints e
            SET enabled = false, disabled_reason = $2, disabled_at = $3, updated_at = now()
           FROM partners p
          WHERE e.id = $1 AND e.enabled AND p.id = e.partner_id
          RETURNING e.partner_id, e.url, e.failing_since, p.contact_email`,
        [endpointId, disable.reason, disable.now],
      );
    if (rows.length === 0) return false;
    const [endpoint] = rows;
    await Outbox.forEndpointDisabled(db, {
      endpointId,
      partnerId: endpoint.partner_id,
      recipient: endpoint.contact_email,
      at: disable.now,
      data: {
        endpointId,
        url: endpoint.url,
        reason: disable.reason,
        failingSince: endpoint.failing_since?.toISOString() ?? null,
        disabledAt: disable.now.toISOString(),
        lastError: disable.lastError.slice(0, 300),
      },
    });
    return true;
  },

  /** A delivery succeeded: the endpoint is no longer failing. */
  async markHealthy(db: EntityManager, endpointId: string): Promise<void> {
    await db.query(`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1`, [endpointId]);
  },

  /** A delivery failed: the endpoint fails since `now` unless it already did; returns since when. */
  async markFailing(db: EntityManager, endpointId: string, now: Date): Promise<Date> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [[{ failing_since: failingSince }]]: [Array<{ failing_since: Date }>, number] = await db.query(
      `UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, $2) WHERE id = $1 RETURNING failing_since`,
      [endpointId, now],
    );
    return failingSince;
  },

  async deleteEndpoint(db: EntityManager, id: string): Promise<void> {
    await db.query(`DELETE FROM webhook_endpoints WHERE id = $1`, [id]);
  },

  /** The delivery log of an endpoint, newest first (`offset` rows skipped: paging). */
  async attempts(db: EntityManager, endpointId: string, limit: number, offset = 0): Promise<WebhookAttemptRow[]> {
    return db.query(
      `SELECT a.id::text, a.message_id::text AS "messageId", m.msg_id AS "msgId", m.type, m.status AS "messageStatus",
              a.attempt, a.status_code AS "statusCode", a.latency_ms AS "latencyMs",
              a.response_excerpt AS "responseExcerpt", a.error, a.created_at AS "createdAt"
         FROM webhook_attempts a JOIN webhook_messages m ON m.id = a.message_id
        WHERE a.endpoint_id = $1 ORDER BY a.id DESC LIMIT $2 OFFSET $3`,
      [endpointId, limit, offset],
    );
  },

  /**
   * "Send again": the message goes back to the outbox as a new round (a new
   * job, a fresh retry schedule), keeping its `webhook-id` so the receiver
   * can tell it is the same message. False if it is not this endpoint's.
   */
  async resend(db: EntityManager, endpointId: string, messageId: string): Promise<boolean> {
    const [rows] = await db.query(
      `UPDATE webhook_messages
          SET status = 'pending', relayed_at = NULL, relay_round = relay_round + 1, last_error = NULL, updated_at = now()
        WHERE id = $1 AND endpoint_id = $2 RETURNING id`,
      [messageId, endpointId],
    );
    if (rows.length > 0) await db.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return rows.length > 0;
  },
};
