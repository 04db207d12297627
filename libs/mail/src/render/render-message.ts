import { createHash, randomUUID } from 'node:crypto';
import type { MailAddress } from '@cohost/config';
import { notificationKind, type NotificationKindSpec } from '@cohost/domain';
import { LruCache } from '@cohost/common';
import { buildInvitationCalendar, buildInvitationCalendarUncached } from '../calendar/invitation-calendar';
import { pick, type Locale } from '../locale';
import type { AnyMailContext, MailContext, PartnerMailContext, SignInMailContext } from '../mail-context';
import { PermanentMailError } from '../mail-errors';
import type { OutgoingMessage } from '../outgoing-message';
import { formatDuration, formatSpan } from './format-time';
import { escapeHtml, headerText, renderHtml, renderText, type MailModel, type MailSection } from './mail-model';
import { readCancelReason, readPosition, readUpdate } from './notification-data';
import {
  TEMPLATES,
  type ConsoleUserTemplate,
  type KindTemplate,
  type PartnerTemplate,
  type TemplateSet,
  type TemplateVars,
} from './templates';

/**
 * Renders one notification email. Pure apart from caches: the same context
 * gives the same message. What varies by kind (calendar part, links, template,
 * languages) is the catalogue's (`NOTIFICATION_CATALOGUE` of libs/domain):
 * join and cancel links appear only for kinds that carry them, whatever the
 * context holds. A caller that has its own stable Message-ID (the worker's,
 * per notification row) passes it, which spares hashing the context for one
 * that would be replaced.
 */
export function renderMessage(ctx: AnyMailContext, options: { messageId?: string } = {}): OutgoingMessage {
  if ('event' in ctx) return renderEventMessage(ctx, options, true);
  return 'partner' in ctx ? renderPartnerMessage(ctx, options) : renderSignInMessage(ctx, options);
}

/**
 * The same message rendered whole for this recipient, without the caches of
 * the recipient-independent parts: the reference that the tests compare
 * {@link renderMessage} with, byte for byte.
 */
export function renderMessageUncached(ctx: AnyMailContext, options: { messageId?: string } = {}): OutgoingMessage {
  if ('event' in ctx) return renderEventMessage(ctx, options, false);
  return 'partner' in ctx ? renderPartnerMessage(ctx, options) : renderSignInMessage(ctx, options);
}

function renderEventMessage(ctx: MailContext, options: { messageId?: string }, cached: boolean): OutgoingMessage {
  const spec = notificationKind(ctx.kind);
  const joinUrl = spec.joinLink ? ctx.event.joinUrl : undefined;
  const locales: Locale[] = spec.languages === 'both' ? ['ja', 'en'] : [ctx.recipient.locale];
  const body = (cached ? cachedBody(ctx, spec, locales, joinUrl) : null) ?? renderBody(ctx, spec, locales, joinUrl);
  const message: OutgoingMessage = {
    from: address(senderName(ctx, locales[0]), ctx.from.address),
    to: address(ctx.recipient.name ?? '', ctx.recipient.email),
    replyTo: replyToOf(ctx, spec, locales[0]),
    subject: body.subject,
    text: body.text,
    html: body.html,
    messageId: options.messageId ?? messageIdFor(ctx),
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
      // RFC 8058: a POST of `List-Unsubscribe=One-Click` to the https URL unsubscribes, no session needed.
      ...(spec.listUnsubscribe && ctx.links.unsubscribe && /^https?:\/\/[\x21-\x7e]+$/.test(ctx.links.unsubscribe)
        ? { 'List-Unsubscribe': `<${ctx.links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : {}),
    },
  };
  if (spec.calendar) {
    const { method, eventCancelled } = spec.calendar;
    message.icalEvent = {
      method,
      filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
      content: (cached ? buildInvitationCalendar : buildInvitationCalendarUncached)(ctx, {
        method,
        eventCancelled,
        joinUrl,
      }),
    };
  }
  return message;
}

interface RenderedBody {
  subject: string;
  text: string;
  html: string;
}

function renderBody(
  ctx: MailContext,
  spec: NotificationKindSpec,
  locales: Locale[],
  joinUrl: string | undefined,
): RenderedBody {
  const [first, ...others] = locales.map((locale) => buildSection(ctx, spec, locale, joinUrl));
  const model: MailModel = {
    ...first.section,
    subject: headerText([first.subject, ...others.map((o) => o.subject)].join(' / ')),
    ...(others.length ? { more: others.map((o) => o.section) } : {}),
  };
  return { subject: model.subject, text: renderText(model), html: renderHtml(model) };
}

/**
 * What of a body is the recipient's own: the name in the greeting and the
 * personal links (join, cancel, register, unsubscribe, erase). Everything
 * else (texts, times in the reader's zone, the event, the co-hosts) is the
 * same for every reader of one event version, kind, language and zone.
 */
type Slot = 'name' | 'join' | 'cancel' | 'register' | 'unsubscribe' | 'erase';

/** Private-use characters around a slot's name; a link's mark is a web link, as the real one must be. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = (slot: Slot) => (slot === 'name' ? `${OPEN}name${CLOSE}` : `https://${OPEN}${slot}${CLOSE}`);
const MARKS = /(?:https:\/\/)?\uE000(name|join|cancel|register|unsubscribe|erase)\uE001/;
const MARK_CHARS = /[\uE000\uE001]/;
/** The rule of the HTML writer for anchors (`isWebLink` of mail-model). */
const WEB_LINK = /^https?:\/\/[^\s]+$/i;

/** A body rendered with marks: literal text at even indices, a slot at odd ones. */
interface BodyTemplate {
  subject: string;
  text: string[];
  html: string[];
}

/**
 * Bodies rendered once per event version, kind, language(s), reader's zone
 * and the other recipient-independent facts (the key holds all of them), with
 * marks where the recipient's values go; then filled per recipient, text raw
 * and HTML escaped, which is what rendering whole gives since both writers
 * treat those values character by character ({@link renderMessageUncached},
 * compared in the tests). Bounded.
 */
const bodies = new LruCache<string, BodyTemplate>(512);

export function clearBodyCache(): void {
  bodies.clear();
}

function cachedBody(
  ctx: MailContext,
  spec: NotificationKindSpec,
  locales: Locale[],
  joinUrl: string | undefined,
): RenderedBody | null {
  const name = ctx.recipient.name?.trim() || null;
  const values: Record<Slot, string | undefined> = {
    name: name ?? undefined,
    join: joinUrl,
    cancel: ctx.links.cancel,
    register: ctx.links.register,
    unsubscribe: ctx.links.unsubscribe,
    erase: ctx.links.erase,
  };
  let marks = 0;
  for (const slot of Object.keys(values) as Slot[]) {
    const value = values[slot];
    if (value === undefined) continue;
    // A link the HTML writer would not make an anchor of, or a value holding a mark character: render whole.
    if (MARK_CHARS.test(value) || (slot !== 'name' && !WEB_LINK.test(value))) return null;
    marks++;
  }
  const mark = (slot: Slot) => (values[slot] === undefined ? undefined : MARK(slot));
  const marked: MailContext = {
    ...ctx,
    recipient: { ...ctx.recipient, email: '', name: mark('name') ?? null },
    event: { ...ctx.event, joinUrl: mark('join') },
    links: {
      ...ctx.links,
      cancel: mark('cancel'),
      register: mark('register'),
      unsubscribe: mark('unsubscribe'),
      erase: mark('erase'),
    },
  };
  const key = JSON.stringify([
    marked.kind,
    locales,
    marked.recipient,
    marked.event,
    marked.host,
    marked.inviter ?? null,
    marked.cohosts,
    marked.links,
    marked.data,
    // The send time matters only as "starts in" (reminders), in minutes.
    locales.map((locale) => startsIn(ctx, locale)),
  ]);
  // Mark characters anywhere else (in a title, say) would be mistaken for slots.
  if (key.split(OPEN).length !== marks + 1 || key.split(CLOSE).length !== marks + 1) return null;
  let template = bodies.get(key);
  if (!template) {
    const whole = renderBody(marked, spec, locales, mark('join'));
    if (MARK_CHARS.test(whole.subject)) return null;
    template = { subject: whole.subject, text: splitMarks(whole.text), html: splitMarks(whole.html) };
    bodies.set(key, template);
  }
  return {
    subject: template.subject,
    text: fillMarks(template.text, values, (v) => v),
    html: fillMarks(template.html, values, escapeHtml),
  };
}

function splitMarks(rendered: string): string[] {
  return rendered.split(new RegExp(MARKS.source, 'g'));
}

function fillMarks(pieces: string[], values: Record<Slot, string | undefined>, write: (v: string) => string): string {
  let out = pieces[0];
  for (let i = 1; i < pieces.length; i += 2) out += write(values[pieces[i] as Slot] ?? '') + pieces[i + 1];
  return out;
}

/** A console user's email (the sign-in link): the template's texts around the one link; no event, no calendar. */
function renderSignInMessage(ctx: SignInMailContext, options: { messageId?: string }): OutgoingMessage {
  const spec = notificationKind(ctx.kind);
  const locale = ctx.recipient.locale;
  const template = TEMPLATES[locale].kinds[spec.template as keyof TemplateSet['kinds']] as ConsoleUserTemplate;
  const vars = { validMinutes: ctx.validMinutes };
  const model: MailModel = {
    lang: locale,
    subject: headerText(template.subject(vars)),
    paragraphs: template.body(vars).paragraphs,
    changes: [],
    details: [{ label: template.linkLabel, value: ctx.link, href: ctx.link }],
    closing: [],
    footer: [template.footer],
  };
  const domain = ctx.from.address.split('@')[1] || 'cohost.localhost';
  return {
    from: address(ctx.from.name, ctx.from.address),
    to: address('', ctx.recipient.email),
    subject: model.subject,
    text: renderText(model),
    html: renderHtml(model),
    // The worker always passes the row's Message-ID; a random one otherwise (the link makes each email unique).
    messageId: options.messageId ?? `<s-${randomUUID()}.cohost@${domain}>`,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
  };
}

/**
 * A notice to a partner's contact address: Japanese, then English, in one
 * email (the partner's language is not recorded), each with the row's facts
 * and the link to the console page; no event, no calendar, no erase link
 * (the address is the organization's, not a registrant's).
 */
function renderPartnerMessage(ctx: PartnerMailContext, options: { messageId?: string }): OutgoingMessage {
  const spec = notificationKind(ctx.kind);
  const sections = (['ja', 'en'] as const).map((locale) => {
    const template = TEMPLATES[locale].kinds[spec.template as keyof TemplateSet['kinds']] as PartnerTemplate;
    const vars = { partner: pick(ctx.partner.name, locale), data: ctx.data };
    const body = template.body(vars);
    const section: MailSection = {
      lang: locale,
      paragraphs: body.paragraphs,
      changes: [],
      details: [...body.details, { label: template.linkLabel, value: ctx.link, href: ctx.link }],
      closing: [],
      footer: [template.footer],
    };
    return { subject: template.subject(vars), section };
  });
  const [first, ...others] = sections;
  const model: MailModel = {
    ...first.section,
    subject: headerText(sections.map((s) => s.subject).join(' / ')),
    more: others.map((o) => o.section),
  };
  const domain = ctx.from.address.split('@')[1] || 'cohost.localhost';
  return {
    from: address(ctx.from.name, ctx.from.address),
    to: address(pick(ctx.partner.name, 'en'), ctx.recipient.email),
    subject: model.subject,
    text: renderText(model),
    html: renderHtml(model),
    // The worker always passes the row's Message-ID; otherwise one from the kind and the facts.
    messageId:
      options.messageId ??
      `<p-${createHash('sha256')
        .update(JSON.stringify([ctx.kind, ctx.recipient.email, ctx.data]))
        .digest('hex')
        .slice(0, 32)}.cohost@${domain}>`,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
  };
}

/**
 * "LINK-J × Royal Danish Embassy via cohost": who hosts (the host, then the
 * accepted co-hosts) in the email's first language, then the platform's own
 * name, so the reader sees who writes and through what.
 */
function senderName(ctx: MailContext, locale: Locale): string {
  const partners = [ctx.host.name, ...ctx.cohosts.map((c) => c.name)].map((name) => pick(name, locale));
  return `${partners.join(' × ')} via ${ctx.from.name.trim() || 'cohost'}`;
}

/** The API's rule for addresses (`IsStrictEmail`): no display name, spaces, quotes, brackets or control characters. */
// eslint-disable-next-line no-control-regex
const PLAIN_ADDRESS = /^[^\s"'<>(),;:\\[\]@\u0000-\u001f\u007f]+@[^\s"'<>(),;:\\[\]@\u0000-\u001f\u007f]+$/;

function address(name: string, value: string): MailAddress {
  if (!PLAIN_ADDRESS.test(value)) {
    throw new PermanentMailError(`Refusing to write an email to or from ${JSON.stringify(value)}: not a plain address`);
  }
  return { name: headerText(name), address: value };
}

function messageIdFor(ctx: MailContext): string {
  const domain = ctx.from.address.split('@')[1] || 'cohost.localhost';
  if (ctx.notificationId !== undefined) {
    return `<n-${ctx.notificationId.replace(/[^A-Za-z0-9._-]/g, '_')}.cohost@${domain}>`;
  }
  const digest = createHash('sha256')
    .update(JSON.stringify([ctx.kind, ctx.event.uid, ctx.event.sequence, ctx.recipient.email.toLowerCase(), ctx.data]))
    .digest('hex')
    .slice(0, 32);
  return `<h-${digest}.cohost@${domain}>`;
}

/**
 * Where replies go: the host's contact address, or for an invitation a
 * co-host sent, that co-host's (its footer says "Replies reach" the inviter).
 */
function replyToOf(ctx: MailContext, spec: NotificationKindSpec, locale: Locale): MailAddress {
  const party = spec.audience === 'invitee' && ctx.inviter ? ctx.inviter : ctx.host;
  return address(pick(party.name, locale), party.contactEmail);
}

/**
 * The zones an email shows times in: the reader's and the host's;
 * invitations (reader unknown) the event's, the host's, the inviter's and
 * the accepted co-hosts' (both partners' zones), each once.
 */
function zonesOf(ctx: MailContext, spec: NotificationKindSpec): string[] {
  if (spec.audience === 'invitee') {
    const zones = [ctx.event.timezone, ctx.host.timezone, ...(ctx.inviter ? [ctx.inviter.timezone] : [])];
    for (const cohost of ctx.cohosts) if (cohost.timezone) zones.push(cohost.timezone);
    return [...new Set(zones)];
  }
  return [ctx.recipient.timezone, ctx.host.timezone];
}

function buildSection(
  ctx: MailContext,
  spec: NotificationKindSpec,
  locale: Locale,
  joinUrl: string | undefined,
): { subject: string; section: MailSection } {
  const { words, kinds } = TEMPLATES[locale];
  const template = kinds[spec.template as keyof typeof kinds] as KindTemplate | undefined;
  if (!template) throw new Error(`No ${locale} template "${spec.template}" for ${ctx.kind}`);
  const { event } = ctx;
  const title = pick(event.title, locale);
  const host = pick(ctx.host.name, locale);
  const zones = zonesOf(ctx, spec);
  const when = formatSpan(event.startsAt, event.endsAt, zones, locale);
  const vars: TemplateVars = {
    title,
    description: pick(event.description, locale).trim(),
    host,
    inviter: ctx.inviter ? pick(ctx.inviter.name, locale) : host,
    position: readPosition(ctx.data),
    startsIn: startsIn(ctx, locale),
    reason: readCancelReason(ctx.data, event.cancelReason),
    changes: changesOf(ctx, locale, zones, title, when, joinUrl),
    data: ctx.data,
  };
  const body = template.body(vars);
  const details: MailSection['details'] = [
    { label: words.label.event, value: title },
    { label: words.label.when, value: when },
    { label: words.label.host, value: host },
  ];
  if (ctx.cohosts.length) {
    details.push({
      label: words.label.cohosts,
      value: ctx.cohosts.map((c) => pick(c.name, locale)).join(words.listSeparator),
    });
  }
  if (spec.invitationCode && vars.inviter !== host) details.push({ label: words.label.invitedBy, value: vars.inviter });
  if (vars.position) details.push({ label: words.label.position, value: String(vars.position) });
  if (joinUrl) details.push({ label: words.label.join, value: joinUrl, href: joinUrl });
  for (const link of body.links ?? []) details.push({ label: link.label, value: link.href, href: link.href });
  if (spec.invitationCode && ctx.links.register) {
    details.push({ label: words.label.register, value: ctx.links.register, href: ctx.links.register });
  }
  details.push({ label: words.label.eventPage, value: ctx.links.event, href: ctx.links.event });
  if (spec.cancelLink && ctx.links.cancel) {
    const label = spec.sendsTo?.includes('confirmed') ? words.label.cancel : words.label.leaveWaitlist;
    details.push({ label, value: ctx.links.cancel, href: ctx.links.cancel });
  }
  const note = spec.calendar
    ? words.calendarNote[
        spec.calendar.method === 'REQUEST' && spec.calendar.update ? 'REQUEST_UPDATE' : spec.calendar.method
      ]
    : null;
  return {
    subject: template.subject(vars),
    section: {
      lang: locale,
      greeting: words.greeting(ctx.recipient.name?.trim() || null),
      paragraphs: body.paragraphs,
      changes: body.changes ?? [],
      details,
      closing: note ? [note] : [],
      footer: [
        spec.audience === 'organizer' ? words.organizerFooter : words.footer(vars.inviter, spec.audience === 'invitee'),
      ],
      footerLinks: [
        ...(spec.listUnsubscribe && ctx.links.unsubscribe
          ? [{ label: words.unsubscribe, href: ctx.links.unsubscribe }]
          : []),
        ...(ctx.links.erase ? [{ label: words.erase, href: ctx.links.erase }] : []),
      ],
    },
  };
}

function startsIn(ctx: MailContext, locale: Locale): string | null {
  const minutes = (ctx.event.startsAt.getTime() - ctx.sentAt.getTime()) / 60_000;
  return minutes >= 1 ? formatDuration(minutes, locale) : null;
}

function changesOf(
  ctx: MailContext,
  locale: Locale,
  zones: readonly string[],
  title: string,
  when: string,
  joinUrl: string | undefined,
): TemplateVars['changes'] {
  const { event } = ctx;
  const facts = readUpdate(ctx.data, event);
  const changes: TemplateVars['changes'] = { joinUrl: facts.joinUrlChanged && joinUrl !== undefined };
  // A change in the other language only is no change for this reader.
  if (facts.titleChanged && facts.previousTitle && pick(facts.previousTitle, locale) !== title) {
    changes.title = { before: pick(facts.previousTitle, locale), after: title };
  }
  if (facts.timeChanged) {
    const before =
      facts.previousStart || facts.previousEnd
        ? formatSpan(facts.previousStart ?? event.startsAt, facts.previousEnd ?? event.endsAt, zones, locale)
        : '';
    changes.time = { before, after: when };
  }
  return changes;
}

export function bodyCacheSize(): number {
  return bodies.size;
}
