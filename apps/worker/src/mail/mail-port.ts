import type { AnyMailContext } from '@cohost/mail';

/** Injection token of the worker's {@link MailPort}. */
export const MAIL_PORT = Symbol('MAIL_PORT');

/**
 * What the sender needs from `libs/mail`: render a context and hand the
 * message to the configured transport (pooled SMTP or .eml files). Kept this
 * narrow so the sender's ledger logic is tested without a mail server.
 */
export interface MailPort {
  /** Stable calendar UID of an event. */
  calendarUid(eventId: string): string;
  /** Renders and sends one message (an event's or a console user's) under the given Message-ID; resolves with the id the server accepted. */
  deliver(context: AnyMailContext, messageId: string): Promise<{ messageId: string }>;
  /** A 5xx answer: retrying cannot help. */
  isPermanent(error: unknown): boolean;
  /** The server could not be reached or talked to (refused, timeout, no greeting, TLS, DNS): no attempt is used up. */
  isConnectionFailure(error: unknown): boolean;
  close(): Promise<void>;
}
