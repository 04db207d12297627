import type { ConsoleUserTemplateKey, PartnerTemplateKey, TemplateKey } from '@cohost/domain';

/** What a kind's template reads; every text is raw (the writers escape once for their medium). */
export interface TemplateVars {
  /** The event title in the template's language (falling back to the other). */
  title: string;
  /** The event description in the template's language (invitations show it). */
  description: string;
  /** The host partner's name. */
  host: string;
  /** Who invites (invitations): the partner who sent them, the host or a co-host. */
  inviter: string;
  /** 1-based waitlist position, when known. */
  position: number | null;
  /** "2 hours" before a reminder's start, null when it is starting. */
  startsIn: string | null;
  /** Why the event was cancelled, if the organizers said. */
  reason: string | null;
  /** What an update changed, already in the template's language and zones. */
  changes: { title?: { before: string; after: string }; time?: { before: string; after: string }; joinUrl: boolean };
  /** The row's `data`, for kinds whose text comes with each sending. */
  data: Record<string, unknown>;
}

/** Subject and body of one kind in one language. */
export interface KindTemplate {
  subject(v: TemplateVars): string;
  /** Paragraphs, the lines listing changes (updates), and links the kind adds to the details (follow-ups). */
  body(v: TemplateVars): { paragraphs: string[]; changes?: string[]; links?: Array<{ label: string; href: string }> };
}

/** The words every email of a language shares. */
export interface Words {
  greeting(name: string | null): string | undefined;
  calendarNote: { REQUEST: string; REQUEST_UPDATE: string; CANCEL: string };
  label: {
    event: string;
    when: string;
    host: string;
    cohosts: string;
    invitedBy: string;
    join: string;
    eventPage: string;
    cancel: string;
    leaveWaitlist: string;
    register: string;
    position: string;
    recording: string;
    survey: string;
  };
  listSeparator: string;
  footer(host: string, invited: boolean): string;
  /** Footer link labels. */
  unsubscribe: string;
  erase: string;
  /** Footer of emails to organizers. */
  organizerFooter: string;
}

/** What a console user's template reads (the sign-in link itself is the renderer's). */
export interface ConsoleUserVars {
  /** How long the link works. */
  validMinutes: number;
}

/** Subject, body, the link's label and the footer of a console user's email in one language (no event). */
export interface ConsoleUserTemplate {
  subject(v: ConsoleUserVars): string;
  body(v: ConsoleUserVars): { paragraphs: string[] };
  linkLabel: string;
  footer: string;
}

/** What a partner contact's template reads (the console link itself is the renderer's). */
export interface PartnerVars {
  /** The partner's name in the template's language. */
  partner: string;
  /** The row's `data`. */
  data: Record<string, unknown>;
}

/** Subject, body, the link's label and the footer of a partner contact's notice in one language (no event). */
export interface PartnerTemplate {
  subject(v: PartnerVars): string;
  body(v: PartnerVars): { paragraphs: string[]; details: Array<{ label: string; value: string }> };
  linkLabel: string;
  footer: string;
}

export interface TemplateSet {
  words: Words;
  kinds: {
    [K in TemplateKey]: K extends ConsoleUserTemplateKey
      ? ConsoleUserTemplate
      : K extends PartnerTemplateKey
        ? PartnerTemplate
        : KindTemplate;
  };
}
