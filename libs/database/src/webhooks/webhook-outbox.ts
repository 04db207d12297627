import { registrationForPartner, type RegistrantForWebhook, type WebhookEventType } from '@cohost/domain';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { OUTBOX_CHANNEL } from '../outbox/outbox';

/** What happened, for {@link WebhookOutbox.emit}. */
export interface WebhookEmission {
  type: WebhookEventType;
  /**
   * The webinar it concerns. Unless `partnerIds` is given, the receivers are
   * its host and its accepted co-hosts.
   */
  eventId?: string;
  /**
   * The registration it concerns: the payload gets its id and status, and
   * the registrant's name, email and organization only for the host or for
   * co-hosts the registrant consented to share with.
   */
  registrationId?: string;
  /** Exactly these partners receive it (e.g. the invited co-host, or whoever received an erased person's data). */
  partnerIds?: readonly string[];
  /** More thin fields of `data` (ids, timestamps); never personal data. */
  data?: Record<string, unknown>;
  /**
   * A stable `webhook-id` for this fact: emitting the same id twice is one
   * message per endpoint. Defaults to a fresh `msg_…` id.
   */
  messageId?: string;
  /** The message's timestamp; defaults to now. */
  at?: Date;
}

/**
 * Writer of the webhooks outbox. Call it with the EntityManager of the
 * transaction that makes the change: one row per subscribed, enabled
 * endpoint of each receiving partner commits (or rolls back) with it, and
 * the worker's relay delivers it. Returns the number of rows written.
 */
export const WebhookOutbox = {
  async emit(manager: EntityManager, emission: WebhookEmission): Promise<number> {
    const receivers = await receiversOf(manager, emission);
    if (receivers.length === 0) return 0;
    const endpoints: Array<{ id: string; partner_id: string }> = await manager.query(
      `SELECT id, partner_id FROM webhook_endpoints
        WHERE partner_id = ANY($1::uuid[]) AND enabled AND $2 = ANY(event_types)
        ORDER BY created_at, id`,
      [receivers.map((r) => r.partnerId), emission.type],
    );
    if (endpoints.length === 0) return 0;
    const registration = emission.registrationId ? await loadRegistration(manager, emission.registrationId) : null;
    const timestamp = (emission.at ?? new Date()).toISOString();
    const msgId = emission.messageId ?? `msg_${randomUUID().replace(/-/g, '')}`;
    const hostOf = new Map(receivers.map((r) => [r.partnerId, r.isHost]));
    const payloads = endpoints.map((endpoint) => {
      const isHost = hostOf.get(endpoint.partner_id) ?? false;
      const data: Record<string, unknown> = { ...emission.data };
      if (emission.eventId) data.eventId = emission.eventId;
      if (registration) data.registration = registrationForPartner(registration, { isHost });
      return JSON.stringify({ type: emission.type, timestamp, data });
    });
    const rows: unknown[] = await manager.query(
      `INSERT INTO webhook_messages (endpoint_id, msg_id, type, payload)
       SELECT v.endpoint_id, $2, $3, v.payload
         FROM unnest($1::uuid[], $4::jsonb[]) AS v(endpoint_id, payload)
       ON CONFLICT (endpoint_id, msg_id) DO NOTHING
       RETURNING id`,
      [endpoints.map((e) => e.id), msgId, emission.type, payloads],
    );
    if (rows.length > 0) await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return rows.length;
  },

  /**
   * Partners whose endpoints were sent (or are about to be sent) the name or
   * email of any of these registrations: the receivers of `registrant.erased`.
   */
  async partnersHoldingRegistrant(manager: EntityManager, registrationIds: readonly string[]): Promise<string[]> {
    if (registrationIds.length === 0) return [];
    const rows: Array<{ partner_id: string }> = await manager.query(
      `SELECT DISTINCT e.partner_id FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
        WHERE m.payload #> '{data,registration,registrant}' IS NOT NULL
          AND m.payload #>> '{data,registration,id}' = ANY($1::text[])`,
      [registrationIds],
    );
    return rows.map((r) => r.partner_id);
  },
};

async function receiversOf(
  manager: EntityManager,
  emission: WebhookEmission,
): Promise<Array<{ partnerId: string; isHost: boolean }>> {
  let eventId = emission.eventId ?? null;
  if (!eventId && emission.registrationId) {
    const [row]: Array<{ event_id: string }> = await manager.query(`SELECT event_id FROM registrations WHERE id = $1`, [
      emission.registrationId,
    ]);
    eventId = row?.event_id ?? null;
  }
  const host: string | null = eventId
    ? ((await manager.query(`SELECT host_partner_id FROM events WHERE id = $1`, [eventId]))[0]?.host_partner_id ?? null)
    : null;
  if (emission.partnerIds) {
    return [...new Set(emission.partnerIds)].map((partnerId) => ({ partnerId, isHost: partnerId === host }));
  }
  if (!eventId || !host) return [];
  const cohosts: Array<{ partner_id: string }> = await manager.query(
    `SELECT partner_id FROM event_cohosts WHERE event_id = $1 AND status = 'accepted'`,
    [eventId],
  );
  return [{ partnerId: host, isHost: true }, ...cohosts.map((c) => ({ partnerId: c.partner_id, isHost: false }))];
}

async function loadRegistration(manager: EntityManager, id: string): Promise<RegistrantForWebhook | null> {
  const [row]: Array<{
    id: string;
    event_id: string;
    status: string;
    name: string;
    email: string;
    organization: string;
    share_with_cohosts: boolean;
  }> = await manager.query(
    `SELECT id, event_id, status, name, email, organization, share_with_cohosts FROM registrations WHERE id = $1`,
    [id],
  );
  if (!row) return null;
  return {
    id: row.id,
    eventId: row.event_id,
    status: row.status,
    name: row.name,
    email: row.email,
    organization: row.organization,
    shareWithCohosts: row.share_with_cohosts,
  };
}
