import { followupLinks, followupText } from '../notification-data';
import { endedCount, endedList } from './ended-list';
import type { TemplateSet } from './template';
import { paragraphsOf, writtenText } from './written-text';
import { webhookDisabledJa } from './webhook-disabled';

export const ja: TemplateSet = {
  words: {
    greeting: (name) => (name ? `${name} 様` : undefined),
    calendarNote: {
      REQUEST: '添付のカレンダーファイルから、ご予定に追加できます。',
      REQUEST_UPDATE: '添付のカレンダーファイルで、カレンダーのご予定が更新されます。',
      CANCEL: '添付のカレンダーファイルで、カレンダーからご予定が削除されます。',
    },
    label: {
      event: 'イベント',
      when: '日時',
      host: '主催',
      cohosts: '共催',
      invitedBy: '招待者',
      join: '参加URL',
      eventPage: 'イベントページ',
      cancel: '登録のキャンセル',
      leaveWaitlist: 'キャンセル待ちの取り消し',
      register: 'ご登録はこちら',
      position: 'キャンセル待ち順位',
      recording: '録画',
      survey: 'アンケート',
    },
    listSeparator: '、',
    unsubscribe: '招待・お知らせの配信停止',
    erase: 'cohost から私のデータを削除する',
    organizerFooter: 'cohost のパートナー主催者としてこのメールをお送りしています。',
    footer: (h, invited) =>
      invited
        ? `このメールは、${h}が cohost を通じてお送りしたご招待です。ご返信は${h}に届きます。`
        : `このメールは、cohost でのイベントへのご登録に基づきお送りしています。ご返信は${h}に届きます。`,
  },
  kinds: {
    confirmed: {
      subject: (v) => `「${v.title}」のご登録が完了しました`,
      body: (v) => ({ paragraphs: [`「${v.title}」へのご登録が完了しました。`] }),
    },
    promoted: {
      subject: (v) => `「${v.title}」に空きが出たため、ご登録が確定しました`,
      body: (v) => ({
        paragraphs: [`お席に空きが出たため、キャンセル待ちから繰り上がり、「${v.title}」へのご登録が確定しました。`],
      }),
    },
    waitlisted: {
      subject: (v) =>
        v.position
          ? `「${v.title}」のキャンセル待ちを承りました（${v.position}番目）`
          : `「${v.title}」のキャンセル待ちを承りました`,
      body: (v) => ({
        paragraphs: [
          `「${v.title}」は満席のため、キャンセル待ち${v.position ? `（${v.position}番目）` : ''}として承りました。お席に空きが出ましたら自動的にご登録となり、メールでお知らせします。`,
          'ご参加を見合わせる場合は、下記のリンクからキャンセル待ちを取り消してください。',
        ],
      }),
    },
    registrationCancelled: {
      subject: (v) => `「${v.title}」のご登録をキャンセルしました`,
      body: (v) => ({
        paragraphs: [
          `「${v.title}」へのご登録をキャンセルしました。受付期間中であれば、イベントページから再度ご登録いただけます。`,
        ],
      }),
    },
    leftWaitlist: {
      subject: (v) => `「${v.title}」のキャンセル待ちを取り消しました`,
      body: (v) => ({
        paragraphs: [
          `「${v.title}」のキャンセル待ちを取り消しました。受付期間中であれば、イベントページから再度ご登録いただけます。`,
        ],
      }),
    },
    updated: {
      subject: (v) => `【変更】「${v.title}」の開催内容が変更されました`,
      body: (v) => ({
        paragraphs: [`「${v.title}」の開催内容が次のとおり変更されました。`],
        changes: [
          ...(v.changes.title ? [`タイトル: ${v.changes.title.before} → ${v.changes.title.after}`] : []),
          ...(v.changes.time
            ? [`日時: ${v.changes.time.before ? `${v.changes.time.before} → ` : ''}${v.changes.time.after}`]
            : []),
          ...(v.changes.joinUrl ? ['参加URLが変更されました。下記の新しいURLをご利用ください。'] : []),
        ],
      }),
    },
    eventCancelled: {
      subject: (v) => `【開催中止】「${v.title}」は開催中止となりました`,
      body: (v) => ({
        paragraphs: [
          `誠に申し訳ございませんが、「${v.title}」は主催者により開催中止となりました。`,
          ...(v.reason ? [`中止の理由: ${v.reason}`] : []),
        ],
      }),
    },
    eventCancelledWaitlisted: {
      subject: (v) => `【開催中止】「${v.title}」は開催中止となりました`,
      body: (v) => ({
        paragraphs: [
          `誠に申し訳ございませんが、「${v.title}」は主催者により開催中止となりました。キャンセル待ちも終了いたしました。お手続きは不要です。`,
          ...(v.reason ? [`中止の理由: ${v.reason}`] : []),
        ],
      }),
    },
    reminder: {
      subject: (v) =>
        v.startsIn ? `【リマインダー】「${v.title}」は${v.startsIn}後に始まります` : `【リマインダー】「${v.title}」`,
      body: (v) => ({
        paragraphs: [
          v.startsIn ? `「${v.title}」は${v.startsIn}後に始まります。` : `「${v.title}」がまもなく始まります。`,
        ],
      }),
    },
    followup: {
      subject: (v) => `「${v.title}」ご参加・ご登録のお礼`,
      body: (v) => ({
        paragraphs: [followupText(v.data, 'ja')].filter(Boolean),
        links: followupLinks(v.data, ja.words.label),
      }),
    },
    announcement: {
      subject: (v) => `【${v.title}】${writtenText(v.data, 'subject', 'ja')}`,
      body: (v) => ({ paragraphs: paragraphsOf(writtenText(v.data, 'body', 'ja')) }),
    },
    invitation: {
      subject: (v) => `${v.inviter}より「${v.title}」へのご招待`,
      body: (v) => ({
        paragraphs: [
          `${v.inviter}より「${v.title}」${v.inviter !== v.host ? `（主催: ${v.host}）` : ''}へのご招待です。下記のリンクからご登録ください（リンクにはあなた専用の招待コードが含まれています）。`,

          ...(v.description ? [v.description] : []),
        ],
      }),
    },
    signIn: {
      subject: () => 'cohost コンソールへのサインインリンク',
      body: (v) => ({
        paragraphs: [
          'このメールアドレスで cohost コンソールへのサインインが要求されました。',
          `下記のリンクを開き、「サインイン」ボタンを押してください。リンクは${v.validMinutes}分間、1回だけ有効です。`,
          'お心当たりがない場合は、このメールを破棄してください。リンクがなければ誰もサインインできません。',
        ],
      }),
      linkLabel: 'サインイン',
      footer: 'このメールはサインインの要求に基づき cohost から送信されました。転送しないでください。',
    },
    cohostingEnded: {
      subject: (v) => `共催終了のお知らせ: ${v.data.partner ?? ''}（${endedCount(v)}件のウェビナー）`,
      body: (v) => ({
        paragraphs: [
          `${String(v.data.partner ?? '')}との${String(v.data.agreementKind ?? '協定')}は${String(v.data.endsOn ?? '')}に${v.data.reason === 'expired' ? '期限を迎えました' : '終了しました'}。以下のウェビナーは協定の対象外となったため、共催を終了しました（共催者の表示・編集・登録者の閲覧はできなくなります）。終了済みのウェビナーの記録はそのまま残ります。`,
          endedList(v, 'ja'),
        ],
      }),
    },
    webhookEndpointDisabled: webhookDisabledJa,
  },
};
