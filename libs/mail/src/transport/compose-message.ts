import nodemailer, { type Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport';
import type { OutgoingMessage } from '../outgoing-message';
import { canComposeFast, composeFast } from './fast-mime';
import { NO_EXTERNAL_CONTENT, toNodemailerMessage } from './mail-transport';

let composer: Transporter<StreamTransport.SentMessageInfo, StreamTransport.Options> | undefined;

/** The raw message as nodemailer composes it from `icalEvent` (the reference shape). */
export async function composeWithNodemailer(message: OutgoingMessage): Promise<{ raw: Buffer; messageId: string }> {
  composer ??= nodemailer.createTransport({ streamTransport: true, buffer: true, ...NO_EXTERNAL_CONTENT });
  const info = await composer.sendMail(toNodemailerMessage(message));
  return { raw: info.message as Buffer, messageId: info.messageId };
}

/** The raw RFC 5322 message exactly as the transports send it (CRLF line ends). */
export async function composeMessage(
  message: OutgoingMessage,
  date?: Date,
): Promise<{ raw: Buffer; messageId: string }> {
  if (canComposeFast(message)) return { raw: composeFast(message, date), messageId: message.messageId };
  return composeWithNodemailer(message);
}
