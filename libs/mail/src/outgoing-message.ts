import type { MailAddress } from '@cohost/config';

/** A rendered email, ready for a transport. Addresses stay objects: headers are never built by concatenation. */
export interface OutgoingMessage {
  from: MailAddress;
  to: MailAddress;
  replyTo?: MailAddress;
  subject: string;
  text: string;
  html: string;
  /** The calendar part: sent as the `text/calendar; method=...` alternative and as an `.ics` attachment. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string };
  /** `<...@...>`, the Message-ID header. */
  messageId: string;
  headers?: Record<string, string>;
}
