import type { Locale } from '../locale';

/** Words of the emails in one language. `t` is the event title, raw. */
export interface Copy {
  subject: {
    confirmed(t: string): string;
    promoted(t: string): string;
    waitlisted(t: string, position: number | null): string;
    registrationCancelled(t: string): string;
    updated(t: string): string;
    eventCancelled(t: string): string;
    reminder(t: string, startsIn: string | null): string;
    invitation(t: string, host: string): string;
  };
  greeting(name: string | null): string | undefined;
  confirmed(t: string): string;
  promoted(t: string): string;
  waitlisted(t: string, position: number | null): string;
  registrationCancelled(t: string): string;
  updated(t: string): string;
  eventCancelled(t: string): string;
  cancelReason(reason: string): string;
  reminder(t: string, startsIn: string | null): string;
  invitation(t: string, host: string): string;
  calendarAdded: string;
  calendarUpdated: string;
  calendarRemoved: string;
  change: { time: string; title: string; joinUrl: string };
  label: {
    event: string;
    when: string;
    host: string;
    cohosts: string;
    join: string;
    eventPage: string;
    cancel: string;
    register: string;
    position: string;
  };
  listSeparator: string;
  footer(host: string, invited: boolean): string;
}

const en: Copy = {
  subject: {
    confirmed: (t) => `Registration confirmed: ${t}`,
    promoted: (t) => `A seat opened up, you are registered: ${t}`,
    waitlisted: (t, p) => (p ? `Waitlisted (#${p}): ${t}` : `Waitlisted: ${t}`),
    registrationCancelled: (t) => `Registration cancelled: ${t}`,
    updated: (t) => `Updated: ${t}`,
    eventCancelled: (t) => `Cancelled: ${t}`,
    reminder: (t, s) => (s ? `Reminder: ${t} starts in ${s}` : `Reminder: ${t}`),
    invitation: (t, h) => `Invitation from ${h}: ${t}`,
  },
  greeting: (name) => (name ? `Dear ${name},` : 'Hello,'),
  confirmed: (t) => `Your registration for "${t}" is confirmed.`,
  promoted: (t) =>
    `A seat has become available: you have moved up from the waitlist and your registration for "${t}" is now confirmed.`,
  waitlisted: (t, p) =>
    `"${t}" is full, so you are on the waitlist${p ? ` at position ${p}` : ''}. If a seat becomes available you will be registered automatically and we will email you.`,
  registrationCancelled: (t) =>
    `Your registration for "${t}" has been cancelled. You can register again on the event page while registration is open.`,
  updated: (t) => `"${t}" has changed:`,
  eventCancelled: (t) => `We are sorry: "${t}" has been cancelled by the organizers.`,
  cancelReason: (r) => `Reason: ${r}`,
  reminder: (t, s) => (s ? `"${t}" starts in ${s}.` : `"${t}" is starting.`),
  invitation: (t, h) =>
    `${h} invites you to "${t}". Please register with the link below; it carries your personal invitation code.`,
  calendarAdded: 'The attached calendar file adds the event to your calendar.',
  calendarUpdated: 'The attached calendar file updates the entry in your calendar.',
  calendarRemoved: 'The attached calendar file removes the event from your calendar.',
  change: { time: 'Time', title: 'Title', joinUrl: 'The join link has changed; please use the new link below.' },
  label: {
    event: 'Event',
    when: 'When',
    host: 'Host',
    cohosts: 'Co-hosts',
    join: 'Join',
    eventPage: 'Event page',
    cancel: 'Cancel your registration',
    register: 'Register',
    position: 'Waitlist position',
  },
  listSeparator: ', ',
  footer: (h, invited) =>
    invited
      ? `You receive this email because ${h} invited you through cohost. Replies reach ${h}.`
      : `You receive this email because you registered for this event on cohost. Replies reach ${h}.`,
};

const ja: Copy = {
  subject: {
    confirmed: (t) => `「${t}」のご登録が完了しました`,
    promoted: (t) => `「${t}」に空きが出たため、ご登録が確定しました`,
    waitlisted: (t, p) =>
      p ? `「${t}」のキャンセル待ちを承りました（${p}番目）` : `「${t}」のキャンセル待ちを承りました`,
    registrationCancelled: (t) => `「${t}」のご登録をキャンセルしました`,
    updated: (t) => `【変更】「${t}」の開催内容が変更されました`,
    eventCancelled: (t) => `【開催中止】「${t}」は開催中止となりました`,
    reminder: (t, s) => (s ? `【リマインダー】「${t}」は${s}後に始まります` : `【リマインダー】「${t}」`),
    invitation: (t, h) => `${h}より「${t}」へのご招待`,
  },
  greeting: (name) => (name ? `${name} 様` : undefined),
  confirmed: (t) => `「${t}」へのご登録が完了しました。`,
  promoted: (t) => `お席に空きが出たため、キャンセル待ちから繰り上がり、「${t}」へのご登録が確定しました。`,
  waitlisted: (t, p) =>
    `「${t}」は満席のため、キャンセル待ち${p ? `（${p}番目）` : ''}として承りました。お席に空きが出ましたら自動的にご登録となり、メールでお知らせします。`,
  registrationCancelled: (t) =>
    `「${t}」へのご登録をキャンセルしました。受付期間中であれば、イベントページから再度ご登録いただけます。`,
  updated: (t) => `「${t}」の開催内容が次のとおり変更されました。`,
  eventCancelled: (t) => `誠に申し訳ございませんが、「${t}」は主催者により開催中止となりました。`,
  cancelReason: (r) => `中止の理由: ${r}`,
  reminder: (t, s) => (s ? `「${t}」は${s}後に始まります。` : `「${t}」がまもなく始まります。`),
  invitation: (t, h) =>
    `${h}より「${t}」へのご招待です。下記のリンクからご登録ください（リンクにはあなた専用の招待コードが含まれています）。`,
  calendarAdded: '添付のカレンダーファイルから、ご予定に追加できます。',
  calendarUpdated: '添付のカレンダーファイルで、カレンダーのご予定が更新されます。',
  calendarRemoved: '添付のカレンダーファイルで、カレンダーからご予定が削除されます。',
  change: { time: '日時', title: 'タイトル', joinUrl: '参加URLが変更されました。下記の新しいURLをご利用ください。' },
  label: {
    event: 'イベント',
    when: '日時',
    host: '主催',
    cohosts: '共催',
    join: '参加URL',
    eventPage: 'イベントページ',
    cancel: '登録のキャンセル',
    register: 'ご登録はこちら',
    position: 'キャンセル待ち順位',
  },
  listSeparator: '、',
  footer: (h, invited) =>
    invited
      ? `このメールは、${h}が cohost を通じてお送りしたご招待です。ご返信は${h}に届きます。`
      : `このメールは、cohost でのイベントへのご登録に基づきお送りしています。ご返信は${h}に届きます。`,
};

export function copyFor(locale: Locale): Copy {
  return locale === 'ja' ? ja : en;
}
