import nodemailer, { type Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport';
import type { OutgoingMessage } from '../outgoing-message';
import { DkimSigner, type DkimOptions } from './dkim';
import { canComposeFast, composeFast } from './fast-mime';
import { NO_EXTERNAL_CONTENT, toNodemailerMessage } from './mail-transport';

let composer: Transporter<StreamTransport.SentMessageInfo, StreamTransport.Options> | undefined;

/** The raw message as nodemailer composes it from `icalEvent` (the reference shape). */
export async function composeWithNodemailer(
  message: OutgoingMessage,
  dkim?: DkimOptions,
): Promise<{ raw: Buffer; messageId: string }> {
  // A signing composer is made per call (rare: the file transport with `composer: 'nodemailer'`).
  const transport = dkim
    ? nodemailer.createTransport({ streamTransport: true, buffer: true, ...NO_EXTERNAL_CONTENT, dkim: { ...dkim } })
    : (composer ??= nodemailer.createTransport({ streamTransport: true, buffer: true, ...NO_EXTERNAL_CONTENT }));
  const info = await transport.sendMail(toNodemailerMessage(message));
  return { raw: info.message as Buffer, messageId: info.messageId };
}

/** The raw RFC 5322 message exactly as the transports send it (CRLF line ends). */
export async function composeMessage(
  message: OutgoingMessage,
  date?: Date,
  dkim?: DkimOptions,
): Promise<{ raw: Buffer; messageId: string }> {
  if (canComposeFast(message)) {
    const raw = composeFast(message, date);
    return { raw: dkim ? signerFor(dkim).sign(raw) : raw, messageId: message.messageId };
  }
  return composeWithNodemailer(message, dkim);
}

const signers = new WeakMap<DkimOptions, DkimSigner>();

/** One signer (one parsed key) per options object. */
function signerFor(dkim: DkimOptions): DkimSigner {
  let signer = signers.get(dkim);
  if (!signer) signers.set(dkim, (signer = new DkimSigner(dkim)));
  return signer;
}
