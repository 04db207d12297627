import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from './webhook-events';

describe('webhook event types', () => {
  it('are the SPEC list and nothing else', () => {
    expect(WEBHOOK_EVENT_TYPES).toHaveLength(10);
    for (const t of WEBHOOK_EVENT_TYPES) expect(isWebhookEventType(t)).toBe(true);
    for (const t of ['event', 'registration.confirmed', '', null, 3]) expect(isWebhookEventType(t)).toBe(false);
  });
});
