import type { PartnerTemplate, PartnerVars } from './template';

/** An ISO instant from the row's data as `2026-12-03 10:00 UTC` (the notice names no zone of its own). */
function utc(value: unknown): string {
  if (typeof value !== 'string') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const gone = (v: PartnerVars) => v.data.reason === 'gone';

/** `webhook.endpoint_disabled` in English: which endpoint, why, since when, and what to do. */
export const webhookDisabledEn: PartnerTemplate = {
  subject: (v) => `Webhook endpoint disabled: ${text(v.data.url)}`,
  body: (v) => ({
    paragraphs: [
      gone(v)
        ? `cohost disabled a webhook endpoint of ${v.partner}: it answered 410 Gone, which says it no longer wants messages.`
        : `cohost disabled a webhook endpoint of ${v.partner}: its deliveries have failed without a success since ${utc(v.data.failingSince)}.`,
      'No more messages are written for it while it is disabled. Once the receiver works, enable it again in the console (Webhooks) or through the API; messages that failed can be sent again from its delivery log.',
    ],
    details: [
      { label: 'Endpoint', value: text(v.data.url) },
      { label: 'Reason', value: gone(v) ? '410 Gone' : 'failing for three days' },
      { label: 'Disabled at', value: utc(v.data.disabledAt) },
      ...(v.data.lastError ? [{ label: 'Last error', value: text(v.data.lastError) }] : []),
    ],
  }),
  linkLabel: 'Webhooks in the console',
  footer: "You receive this email at your organization's contact address on cohost.",
};

/** `webhook.endpoint_disabled` in Japanese. */
export const webhookDisabledJa: PartnerTemplate = {
  subject: (v) => `Webhook エンドポイントを無効にしました: ${text(v.data.url)}`,
  body: (v) => ({
    paragraphs: [
      gone(v)
        ? `${v.partner}の Webhook エンドポイントが 410 Gone（今後のメッセージは不要）を返したため、cohost はこのエンドポイントを無効にしました。`
        : `${v.partner}の Webhook エンドポイントへの配信が ${utc(v.data.failingSince)} 以降一度も成功していないため、cohost はこのエンドポイントを無効にしました。`,
      '無効の間、このエンドポイント宛てのメッセージは作成されません。受信側が復旧したら、コンソール（Webhook）または API から再び有効にしてください。失敗したメッセージは配信ログから再送できます。',
    ],
    details: [
      { label: 'エンドポイント', value: text(v.data.url) },
      { label: '理由', value: gone(v) ? '410 Gone' : '3日間の配信失敗' },
      { label: '無効にした日時', value: utc(v.data.disabledAt) },
      ...(v.data.lastError ? [{ label: '最後のエラー', value: text(v.data.lastError) }] : []),
    ],
  }),
  linkLabel: 'コンソールの Webhook 設定',
  footer: 'cohost に登録された貴組織の連絡先アドレスにお送りしています。',
};
