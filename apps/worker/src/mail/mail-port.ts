import type { MailContext, SignInMailContext } from '@cohost/mail';

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
  /** Renders and sends one message under the given Message-ID; resolves with the id the server accepted. */
  deliver(context: MailContext, messageId: string): Promise<{ messageId: string }>;
  /** The same for the console's sign-in email (no event). */
  deliverSignIn(context: SignInMailContext, messageId: string): Promise<{ messageId: string }>;
  /** A 5xx answer: retrying cannot help. */
  isPermanent(error: unknown): boolean;
  close(): Promise<void>;
}
