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
