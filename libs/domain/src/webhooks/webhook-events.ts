/** Every webhook event type a partner's endpoint may subscribe to (SPEC "Wave 2 additions"). */
export const WEBHOOK_EVENT_TYPES = [
  'event.published',
  'event.updated',
  'event.cancelled',
  'registration.created',
  'registration.cancelled',
  'registration.promoted',
  'cohost.invited',
  'cohost.accepted',
  'cohost.declined',
  'registrant.erased',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** What a partner may see of a registrant in a webhook. */
export interface RegistrantForWebhook {
  id: string;
  eventId: string;
  status: string;
  name: string;
  email: string;
  organization: string;
  shareWithCohosts: boolean;
}

/**
 * The registration part of a payload for one receiving partner: ids and
 * status for everyone; name, email and organization only for the host, or
 * for a co-host when the registrant consented to share with co-hosts.
 */
export function registrationForPartner(
  registration: RegistrantForWebhook,
  receiver: { isHost: boolean },
): Record<string, unknown> {
  const base = { id: registration.id, eventId: registration.eventId, status: registration.status };
  if (!receiver.isHost && !registration.shareWithCohosts) return base;
  return {
    ...base,
    registrant: { name: registration.name, email: registration.email, organization: registration.organization },
  };
}
