import type { PrivacyAdminKey } from './privacy-en';

/** Texts of the hub admin's privacy pages (Japanese). */
export const privacyJa: Record<PrivacyAdminKey, string> = {
  'nav.erasure': 'データ削除',
  'nav.audit': '監査ログ',
  'nav.suppressions': '配信停止アドレス',

  'erasure.title': '個人データの削除',
  'erasure.intro':
    'メールアドレスに一致するすべての登録と招待から、氏名・アドレス・所属・回答を置き換えます。人数と出席記録は残り、今後そのアドレスにメールは送られません。',
  'erasure.email': 'メールアドレス',
  'erasure.next': '削除される内容を確認',
  'erasure.field.email': 'hanako@example.jp のようなメールアドレスを1つ入力してください。',
  'erasure.confirmTitle': '{email} を削除しますか？',
  'erasure.preview':
    'このアドレスの登録は {registrations} 件、招待は {invitations} 件です。この人のデータを Webhook で受け取ったパートナーには通知されます（registrant.erased）。元に戻せません。',
  'erasure.confirm': 'この人のデータを削除する',
  'erasure.other': '別の人を削除する',
  'erasure.doneTitle': '削除しました',
  'erasure.done':
    '登録 {registrations} 件と招待 {invitations} 件を削除しました。未送信のメール {skipped} 件は送られません。registrant.erased の Webhook メッセージを {webhooks} 件作成しました。',

  'audit.title': '監査ログ',
  'audit.intro': '登録者の閲覧・エクスポート、データ削除、協定の登録・終了の記録です（ID のみ）。',
  'audit.filter': '絞り込み',
  'audit.actor': '実行者',
  'audit.actorHelp': '種類（admin, token, organizer, registrant, system）、管理者のメールアドレス、または主催者の ID。',
  'audit.action': '操作',
  'audit.anyAction': 'すべての操作',
  'audit.event': 'ウェビナー ID',
  'audit.apply': '表示',
  'audit.empty': '記録はありません。',
  'audit.col.at': '日時',
  'audit.col.actor': '実行者',
  'audit.col.action': '操作',
  'audit.col.event': 'ウェビナー',
  'audit.col.agreement': '協定',
  'audit.col.detail': '詳細',
  'audit.field': '絞り込みを確認してください。ウェビナー ID は UUID で、実行者に制御文字は使えません。',
  'audit.newer': '新しい方へ',
  'audit.older': '古い方へ',
  'audit.paging': '監査ログのページ',

  'suppressions.title': '配信停止アドレス',
  'suppressions.intro':
    'これらのアドレスには招待・お知らせ・フォローアップを送りません（配信停止、またはメールサーバーによる拒否＝ハードバウンス）。登録の確認や変更のお知らせは引き続き送られます。',
  'suppressions.empty': '配信停止アドレスはありません。',
  'suppressions.col.address': 'アドレス',
  'suppressions.col.reason': '理由',
  'suppressions.col.since': '日時',
  'suppressions.col.actions': '操作',
  'suppressions.reason.unsubscribed': '配信停止',
  'suppressions.reason.hard_bounce': 'ハードバウンス',
  'suppressions.remove': '解除…',
  'suppressions.removeLabel': '{email} の配信停止を解除',
  'suppressions.removeTitle': '{email} への一斉配信を再開しますか？',
  'suppressions.removeIntro':
    'このアドレスに招待・お知らせ・フォローアップが再び送られます。本人の希望があったときや、メールボックスが復旧したときだけ行ってください。',
  'suppressions.removeConfirm': '配信停止を解除する',
  'suppressions.removed': '{email} への一斉配信を再開しました。',
  'suppressions.newer': '新しい方へ',
  'suppressions.older': '古い方へ',
  'suppressions.paging': '配信停止アドレスのページ',
};
