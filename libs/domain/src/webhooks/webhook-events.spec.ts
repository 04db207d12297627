import { isWebhookEventType, registrationForPartner, WEBHOOK_EVENT_TYPES } from './webhook-events';

const registration = {
  id: 'r1',
  eventId: 'e1',
  status: 'confirmed',
  name: 'Hanako',
  email: 'hanako@example.org',
  organization: 'Org',
  shareWithCohosts: false,
};

describe('webhook payload consent', () => {
  it('gives a co-host no name, email or organization of a registrant who did not consent', () => {
    const part = registrationForPartner(registration, { isHost: false });
    expect(part).toEqual({ id: 'r1', eventId: 'e1', status: 'confirmed' });
    expect(JSON.stringify(part)).not.toMatch(/Hanako|hanako@|Org/);
  });

  it('gives the host, and a co-host when the registrant consented, the registrant', () => {
    for (const [shareWithCohosts, isHost] of [
      [false, true],
      [true, false],
      [true, true],
    ]) {
      expect(registrationForPartner({ ...registration, shareWithCohosts }, { isHost })).toMatchObject({
        registrant: { name: 'Hanako', email: 'hanako@example.org', organization: 'Org' },
      });
    }
  });

  it('knows the SPEC list of types and nothing else', () => {
    expect(WEBHOOK_EVENT_TYPES).toHaveLength(10);
    for (const t of WEBHOOK_EVENT_TYPES) expect(isWebhookEventType(t)).toBe(true);
    for (const t of ['event', 'registration.confirmed', '', null, 3]) expect(isWebhookEventType(t)).toBe(false);
  });
});
