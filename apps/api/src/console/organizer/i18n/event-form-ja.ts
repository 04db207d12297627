import type { eventFormEn } from './event-form-en';

/** Texts of the webinar form's members-only and personal-link fields (Japanese). */
export const eventFormJa: Record<keyof typeof eventFormEn, string> = {
  'org.label.audience': '申し込みできる人',
  'org.audience.public': 'どなたでも',
  'org.audience.members': '会員組織のみ: 会員組織のメールドメインのアドレス',
  'org.help.audience': '会員組織のみの場合、それ以外のアドレスは受け付けず、所属は会員組織の名簿から取ります。',
  'org.label.seatsPerOrganization': '会員組織ごとの席数',
  'org.help.seatsPerOrganization':
    '会員組織のみの場合、1 組織あたりの確定席の上限です。超えた申し込みはキャンセル待ちが有効ならキャンセル待ちに、そうでなければお断りします。空欄なら上限なし。',
  'org.label.joinWindowMinutes': '個人別参加リンクの有効開始(開始の何分前)',
  'org.help.joinWindowMinutes':
    '確定した申込者には個人別のリンクが届き、開始のこの分数前から終了まで参加リンクへ案内します(0〜1,440)。',
  'org.field.audience': '申し込みできる人(どなたでも、または会員組織のみ)を選んでください。',
  'org.field.seatsPerOrganization': '1〜1,000,000 の整数を入力するか、上限なしなら空欄にしてください。',
  'org.field.joinWindowMinutes': '0〜1,440 の整数(分)を入力してください。',
  'org.label.recordingUrl': '録画のリンク(https、任意)',
  'org.help.recordingUrl':
    '終了後、申込者の個人別リンクのページと開催後のご連絡に表示されます。空欄にすると削除します。',
  'org.label.recordingPublic': '録画のリンクを公開ページにも表示する',
  'org.field.recordingUrl': 'https:// で始まるリンクを入力するか、空欄にしてください。',
  'org.event.audience': '申し込みできる人',
  'org.event.audienceMembersCap': '{audience}(1 組織あたり確定 {n} 名まで)',
  'org.event.joinWindow': '個人別参加リンク',
  'org.event.joinWindowValue': '開始の {n} 分前から有効',
};
