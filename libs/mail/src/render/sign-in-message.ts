import type { MailAddress } from '@cohost/config';
import type { Locale } from '../locale';
import { PermanentMailError } from '../mail-errors';
import type { OutgoingMessage } from '../outgoing-message';
import { headerText, renderHtml, renderText, type MailModel } from './mail-model';

/**
 * The console's sign-in email (`console.sign_in`): no event, no calendar,
 * one link. Its own small template beside the event kinds' renderer.
 */
export interface SignInMailContext {
  kind: 'console.sign_in';
  from: MailAddress;
  recipient: { email: string; locale: Locale };
  /** `PUBLIC_BASE_URL/console/sign-in/confirm?token=…`, minted for this one email. */
  link: string;
  /** How long the link works. */
  validMinutes: number;
}

const COPY: Record<Locale, { subject: string; body(minutes: number): string[]; label: string; footer: string }> = {
  en: {
    subject: 'Your sign-in link for the cohost console',
    body: (minutes) => [
      'Someone (hopefully you) asked to sign in to the cohost console with this address.',
      `Open the link below and press "Sign in". The link works once, for ${minutes} minutes.`,
      'If you did not ask for it, ignore this email: nobody can sign in without the link.',
    ],
    label: 'Sign in',
    footer: 'This email was sent by cohost because of a sign-in request. Do not forward it.',
  },
  ja: {
    subject: 'cohost コンソールへのサインインリンク',
    body: (minutes) => [
      'このメールアドレスで cohost コンソールへのサインインが要求されました。',
      `下記のリンクを開き、「サインイン」ボタンを押してください。リンクは${minutes}分間、1回だけ有効です。`,
      'お心当たりがない場合は、このメールを破棄してください。リンクがなければ誰もサインインできません。',
    ],
    label: 'サインイン',
    footer: 'このメールはサインインの要求に基づき cohost から送信されました。転送しないでください。',
  },
};

// eslint-disable-next-line no-control-regex
const PLAIN_ADDRESS = /^[^\s"'<>(),;:\\[\]@\u0000-\u001f\u007f]+@[^\s"'<>(),;:\\[\]@\u0000-\u001f\u007f]+$/;

export function renderSignInMessage(ctx: SignInMailContext, options: { messageId: string }): OutgoingMessage {
  if (!PLAIN_ADDRESS.test(ctx.recipient.email)) {
    throw new PermanentMailError(`Refusing to write an email to ${JSON.stringify(ctx.recipient.email)}`);
  }
  const copy = COPY[ctx.recipient.locale];
  const model: MailModel = {
    lang: ctx.recipient.locale,
    subject: headerText(copy.subject),
    paragraphs: copy.body(ctx.validMinutes),
    changes: [],
    details: [{ label: copy.label, value: ctx.link, href: ctx.link }],
    closing: [],
    footer: [copy.footer],
  };
  return {
    from: { name: headerText(ctx.from.name), address: ctx.from.address },
    to: { name: '', address: ctx.recipient.email },
    subject: model.subject,
    text: renderText(model),
    html: renderHtml(model),
    messageId: options.messageId,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
  };
}
