import type { PartnerMailContext } from '../mail-context';
import { renderMessage } from './render-message';

const context = (data: Record<string, unknown>): PartnerMailContext => ({
  kind: 'webhook.endpoint_disabled',
  from: { name: 'cohost', address: 'no-reply@cohost.example' },
  recipient: { email: 'it@partner.example' },
  partner: { name: { en: 'LINK-J', ja: 'ライフサイエンス・イノベーション・ネットワーク・ジャパン' } },
  link: 'https://cohost.example/console/webhooks',
  data: {
    endpointId: '5d1c9a5e-0000-4000-8000-000000000001',
    url: 'https://crm.partner.example/hooks',
    disabledAt: '2026-12-03T10:00:00.000Z',
    failingSince: '2026-11-30T09:59:00.000Z',
    ...data,
  },
});

describe("renderMessage of webhook.endpoint_disabled (the catalogue's partner-contact kind)", () => {
  it('names the endpoint, the reason and since when, in Japanese then English, with the console link', () => {
    const message = renderMessage(context({ reason: 'failing', lastError: 'HTTP 503' }), { messageId: '<n9@x>' });
    expect(message.subject).toBe(
      'Webhook エンドポイントを無効にしました: https://crm.partner.example/hooks / Webhook endpoint disabled: https://crm.partner.example/hooks',
    );
    expect(message.to).toEqual({ name: 'LINK-J', address: 'it@partner.example' });
    expect(message.text.indexOf('ライフサイエンス')).toBeLessThan(message.text.indexOf('cohost disabled'));
    expect(message.text).toContain('failed without a success since 2026-11-30 09:59 UTC');
    expect(message.text).toContain('Disabled at: 2026-12-03 10:00 UTC');
    expect(message.text).toContain('Last error: HTTP 503');
    expect(message.text).toContain('Webhooks in the console: https://cohost.example/console/webhooks');
    expect(message.html).toContain('href="https://cohost.example/console/webhooks"');
    expect(message.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
    expect(message.headers).not.toHaveProperty('List-Unsubscribe');
    expect(message.icalEvent).toBeUndefined();
    expect(message.text).not.toMatch(/erasure\?token/);
  });

  it('says 410 Gone when the receiver asked for no more messages', () => {
    const message = renderMessage(context({ reason: 'gone' }), { messageId: '<n9@x>' });
    expect(message.text).toContain('it answered 410 Gone');
    expect(message.text).toContain('410 Gone（今後のメッセージは不要）');
    expect(message.text).not.toContain('failing for three days');
  });

  it('escapes a URL with markup once in HTML', () => {
    const message = renderMessage(context({ reason: 'gone', url: 'https://x.example/<b>' }), { messageId: '<n9@x>' });
    expect(message.html).toContain('https://x.example/&lt;b&gt;');
    expect(message.html).not.toContain('<b>');
  });
});
