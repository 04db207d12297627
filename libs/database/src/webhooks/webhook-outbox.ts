import type { WebhookEventType } from '@cohost/domain';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

/** What happened, for {@link WebhookOutbox.emit}. */
export interface WebhookEmission {
  type: WebhookEventType;
  /**
   * The webinar it concerns. Unless `partnerIds` is given, the receivers are
   * its host and its accepted co-hosts.
   */
  eventId?: string;
  /**
   * The registration it concerns (its event is then the webinar): the
   * payload gets its id and status, and the registrant's name, email and
   * organization only for the host, or for co-hosts when the registrant
   * consented to share with them.
   */
  registrationId?: string;
  /** Exactly these partners receive it (the invited co-host; whoever received an erased person's data). */
  partnerIds?: readonly string[];
  /** More thin fields of `data` (ids, timestamps); never personal data. */
  data?: Record<string, unknown>;
  /** A stable `webhook-id` for this fact: emitting the same id twice is one message per endpoint. Default: a fresh `msg_…`. */
  messageId?: string;
  /** The message's timestamp; defaults to now. */
  at?: Date;
}

/**
 * Writer of the webhooks outbox. Call it with the EntityManager of the
 * transaction that makes the change: one `webhook_messages` row per
 * subscribed, enabled endpoint of each receiving partner commits (or rolls
 * back) with it, and the worker's relay delivers it. The rows are built by
 * the SQL function `webhook_emit` (migration 1767000000000), which the
 * trigger emitting `registration.created` shares. Returns the rows written.
 */
export const WebhookOutbox = {
  async emit(manager: EntityManager, emission: WebhookEmission): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(
      `SELECT webhook_emit($1, $2, $3, $4::uuid[], $5::jsonb, $6, $7) AS n`,
      [
        emission.type,
        emission.eventId ?? null,
        emission.registrationId ?? null,
        emission.partnerIds ? [...emission.partnerIds] : null,
        JSON.stringify(emission.data ?? {}),
        emission.messageId ?? `msg_${randomUUID().replace(/-/g, '')}`,
        emission.at ?? new Date(),
      ],
    );
    return row.n;
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

  /**
   * Before the registrations lose their person (an erasure, or the retention
   * sweep): each partner whose endpoints were sent a registration's name or
   * email gets `registrant.erased` (ids only), then the stored payloads lose
   * the person's details. Call it in the transaction that erases them;
   * returns the messages written (one per endpoint per registration).
   */
  async registrantsErased(
    manager: EntityManager,
    registrations: ReadonlyArray<{ id: string; eventId: string }>,
  ): Promise<number> {
    if (registrations.length === 0) return 0;
    let written = 0;
    for (const registration of registrations) {
      const partnerIds = await WebhookOutbox.partnersHoldingRegistrant(manager, [registration.id]);
      if (partnerIds.length === 0) continue;
      written += await WebhookOutbox.emit(manager, {
        type: 'registrant.erased',
        eventId: registration.eventId,
        partnerIds,
        data: { registrationId: registration.id },
      });
    }
    await manager.query(
      `UPDATE webhook_messages SET payload = payload #- '{data,registration,registrant}'
        WHERE payload #>> '{data,registration,id}' = ANY($1::text[])
          AND payload #> '{data,registration,registrant}' IS NOT NULL`,
      [registrations.map((r) => r.id)],
    );
    return written;
  },
};
