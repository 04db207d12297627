import type Mail from 'nodemailer/lib/mailer';
import { PermanentMailError } from '../mail-errors';
import type { OutgoingMessage } from '../outgoing-message';
import type { DkimOptions } from './dkim';

export { PermanentMailError };

export interface SendResult {
  /** The Message-ID header that went out. */
  messageId: string;
  /** Where the message went: the `.eml` path for the file transport. */
  location?: string;
  /** The server's last reply (e.g. `250 Ok: queued as ...`), SMTP only. */
  response?: string;
}

export interface MailTransport {
  /**
   * Sends one message. Throws `PermanentMailError` when retrying cannot help
   * (SMTP 5xx); any other error is temporary and worth a retry.
   */
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}

export interface MailTransportOptions {
  /** Simultaneous SMTP connections of the pool (default 5). */
  maxConnections?: number;
  /** Messages per pooled connection before it is recycled (default 1000; nodemailer's own default of 100 costs ~15 % throughput). */
  maxMessages?: number;
  /**
   * `fast` (default): compose the MIME message directly (same shape, ~2x
   * the throughput to a local SMTP server); `nodemailer`: let nodemailer
   * compose it from `icalEvent`. Non-ASCII addresses always use nodemailer.
   */
  composer?: 'fast' | 'nodemailer';
  /** Receives one line per written `.eml` file (the file transport's "log line with the path"). */
  logger?: { log(message: string): void };
  /** DKIM-sign every message (both composers); from `DKIM_DOMAIN`, `DKIM_SELECTOR`, `DKIM_PRIVATE_KEY(_FILE)`. */
  dkim?: DkimOptions;
}

/** Whatever the transport, message content is only ever inline: no file or URL is read for it. */
export const NO_EXTERNAL_CONTENT = { disableFileAccess: true, disableUrlAccess: true } as const;

export function toNodemailerMessage(message: OutgoingMessage): Mail.Options {
  return {
    ...NO_EXTERNAL_CONTENT,
    from: { ...message.from },
    to: { ...message.to },
    ...(message.replyTo ? { replyTo: { ...message.replyTo } } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    ...(message.headers ? { headers: { ...message.headers } } : {}),
    // nodemailer makes this a `text/calendar; method=X` alternative plus an `.ics` attachment.
    ...(message.icalEvent ? { icalEvent: { ...message.icalEvent } } : {}),
  };
}

/**
 * nodemailer's and Node's codes for a server that could not be reached or
 * talked to at all: refused, reset, dropped mid-transaction, timed out (also
 * while waiting for the greeting), DNS, TLS (STARTTLS refused or an
 * untrusted certificate when TLS is required, plain SMTP on a TLS port). No message was refused, so nothing about the message
 * is wrong: the sender waits for the server instead of counting an attempt.
 */
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/**
 * RFC 5321 4.2.3: "421 Service not available, closing transmission channel",
 * which a server may answer to the connection or to any command when it
 * shuts down or is overloaded. It says nothing about the message.
 */
const SERVICE_NOT_AVAILABLE = 421;

/**
 * True for a failure to reach or talk to the SMTP server (no SMTP reply
 * code; 421: the server closes the channel; TLS that could not be set up,
 * whatever the server answered to STARTTLS), false for a server's answer
 * about the message (any other reply code).
 */
export function isConnectionFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, responseCode, cause } = e as { code?: unknown; responseCode?: unknown; cause?: unknown };
    if (responseCode === SERVICE_NOT_AVAILABLE || code === 'ETLS') return true;
    if (typeof responseCode === 'number') return false;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    e = cause;
  }
  return false;
}

/**
 * SMTP 5xx about the message is permanent; 4xx, timeouts, refused or dropped
 * connections, and TLS that could not be set up (even refused with a 5xx) are not.
 */
export function classifySendError(error: unknown): Error {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  const text = error instanceof Error ? error.message : String(error);
  if (typeof code === 'number' && code >= 500 && !isConnectionFailure(error)) {
    return new PermanentMailError(text, code, { cause: error });
  }
  // An error of another realm (a vm context, as under jest) is not `instanceof Error` but keeps its code.
  return error instanceof Error ? error : new Error(text, { cause: error });
}
