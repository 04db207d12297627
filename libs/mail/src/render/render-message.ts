import { createHash } from 'node:crypto';
import type { MailAddress } from '@cohost/config';
import type { NotificationKind } from '@cohost/database';
import { buildInvitationCalendar, type CalendarMethod } from '../calendar/invitation-calendar';
import { pick } from '../locale';
import type { MailContext } from '../mail-context';
import { PermanentMailError } from '../mail-errors';
import type { OutgoingMessage } from '../outgoing-message';
import { copyFor, type Copy } from './copy';
import { formatDuration, formatSpan } from './format-time';
import { headerText, renderHtml, renderText, type MailModel } from './mail-model';
import { readCancelReason, readPosition, readUpdate } from './notification-data';

interface KindPlan {
  calendar?: {
    method: CalendarMethod;
    eventCancelled: boolean;
    note: keyof Pick<Copy, 'calendarAdded' | 'calendarUpdated' | 'calendarRemoved'>;
  };
  /** Only messages to confirmed registrants may carry the join link. */
  joinLink: boolean;
  cancelLink: boolean;
}

/** The SPEC's notification table, plus which links each kind may show. */
export const KIND_PLANS: Record<NotificationKind, KindPlan> = {
  'registration.confirmed': {
    calendar: { method: 'REQUEST', eventCancelled: false, note: 'calendarAdded' },
    joinLink: true,
    cancelLink: true,
  },
  'registration.promoted': {
    calendar: { method: 'REQUEST', eventCancelled: false, note: 'calendarAdded' },
    joinLink: true,
    cancelLink: true,
  },
  'event.updated': {
    calendar: { method: 'REQUEST', eventCancelled: false, note: 'calendarUpdated' },
    joinLink: true,
    cancelLink: false,
  },
  'registration.cancelled': {
    calendar: { method: 'CANCEL', eventCancelled: false, note: 'calendarRemoved' },
    joinLink: false,
    cancelLink: false,
  },
  'event.cancelled': {
    calendar: { method: 'CANCEL', eventCancelled: true, note: 'calendarRemoved' },
    joinLink: false,
    cancelLink: false,
  },
  'registration.waitlisted': { joinLink: false, cancelLink: false },
  'event.reminder': { joinLink: true, cancelLink: false },
  invitation: { joinLink: false, cancelLink: false },
};

/**
 * Renders one notification email. Pure apart from caches: the same context
 * gives the same message. Join and cancel links appear only for kinds that
 * go to confirmed registrants, whatever the context carries. A caller that
 * has its own stable Message-ID (the worker's, per notification row) passes
 * it, which spares hashing the context for one that would be replaced.
 */
export function renderMessage(ctx: MailContext, options: { messageId?: string } = {}): OutgoingMessage {
  const plan = KIND_PLANS[ctx.kind];
  if (!plan) throw new Error(`Unknown notification kind ${JSON.stringify(ctx.kind)}`);
  const locale = ctx.recipient.locale;
  const joinUrl = plan.joinLink ? ctx.event.joinUrl : undefined;
  const model = buildModel(ctx, plan, joinUrl);
  const hostName = pick(ctx.host.name, locale);
  const message: OutgoingMessage = {
    from: address(ctx.from.name, ctx.from.address),
    to: address(ctx.recipient.name ?? '', ctx.recipient.email),
    replyTo: address(hostName, ctx.host.contactEmail),
    subject: model.subject,
    text: renderText(model),
    html: renderHtml(model),
    messageId: options.messageId ?? messageIdFor(ctx),
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
    },
  };
  if (plan.calendar) {
    const { method, eventCancelled } = plan.calendar;
    message.icalEvent = {
      method,
      filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
      content: buildInvitationCalendar(ctx, { method, eventCancelled, joinUrl }),
    };
  }
  return message;
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

function buildModel(ctx: MailContext, plan: KindPlan, joinUrl: string | undefined): MailModel {
  const locale = ctx.recipient.locale;
  const copy = copyFor(locale);
  const { event } = ctx;
  const title = pick(event.title, locale);
  const host = pick(ctx.host.name, locale);
  const zones = [ctx.recipient.timezone, ctx.host.timezone];
  const when = formatSpan(event.startsAt, event.endsAt, zones, locale);
  const paragraphs: string[] = [];
  const changes: string[] = [];
  let subject: string;

  switch (ctx.kind) {
    case 'registration.confirmed':
      subject = copy.subject.confirmed(title);
      paragraphs.push(copy.confirmed(title));
      break;
    case 'registration.promoted':
      subject = copy.subject.promoted(title);
      paragraphs.push(copy.promoted(title));
      break;
    case 'registration.waitlisted': {
      const position = readPosition(ctx.data);
      subject = copy.subject.waitlisted(title, position);
      paragraphs.push(copy.waitlisted(title, position));
      break;
    }
    case 'registration.cancelled':
      subject = copy.subject.registrationCancelled(title);
      paragraphs.push(copy.registrationCancelled(title));
      break;
    case 'event.updated': {
      subject = copy.subject.updated(title);
      paragraphs.push(copy.updated(title));
      const facts = readUpdate(ctx.data, event);
      // A change in the other language only is no change for this reader.
      if (facts.titleChanged && facts.previousTitle && pick(facts.previousTitle, locale) !== title) {
        changes.push(`${copy.change.title}: ${pick(facts.previousTitle, locale)} → ${title}`);
      }
      if (facts.timeChanged) {
        const before =
          facts.previousStart || facts.previousEnd
            ? formatSpan(facts.previousStart ?? event.startsAt, facts.previousEnd ?? event.endsAt, zones, locale)
            : '';
        changes.push(`${copy.change.time}: ${before ? `${before} → ` : ''}${when}`);
      }
      if (facts.joinUrlChanged && joinUrl) changes.push(copy.change.joinUrl);
      break;
    }
    case 'event.cancelled': {
      subject = copy.subject.eventCancelled(title);
      paragraphs.push(copy.eventCancelled(title));
      const reason = readCancelReason(ctx.data, event.cancelReason);
      if (reason) paragraphs.push(copy.cancelReason(reason));
      break;
    }
    case 'event.reminder': {
      const minutes = (event.startsAt.getTime() - ctx.sentAt.getTime()) / 60_000;
      const startsIn = minutes >= 1 ? formatDuration(minutes, locale) : null;
      subject = copy.subject.reminder(title, startsIn);
      paragraphs.push(copy.reminder(title, startsIn));
      break;
    }
    case 'invitation': {
      subject = copy.subject.invitation(title, host);
      paragraphs.push(copy.invitation(title, host));
      const description = pick(event.description, locale).trim();
      if (description) paragraphs.push(description);
      break;
    }
  }

  const details: MailModel['details'] = [
    { label: copy.label.event, value: title },
    { label: copy.label.when, value: when },
    { label: copy.label.host, value: host },
  ];
  if (ctx.cohosts.length) {
    details.push({
      label: copy.label.cohosts,
      value: ctx.cohosts.map((c) => pick(c.name, locale)).join(copy.listSeparator),
    });
  }
  if (ctx.kind === 'registration.waitlisted') {
    const position = readPosition(ctx.data);
    if (position) details.push({ label: copy.label.position, value: String(position) });
  }
  if (joinUrl) details.push({ label: copy.label.join, value: joinUrl, href: joinUrl });
  if (ctx.kind === 'invitation' && ctx.links.register) {
    details.push({ label: copy.label.register, value: ctx.links.register, href: ctx.links.register });
  }
  details.push({ label: copy.label.eventPage, value: ctx.links.event, href: ctx.links.event });
  if (plan.cancelLink && ctx.links.cancel) {
    details.push({ label: copy.label.cancel, value: ctx.links.cancel, href: ctx.links.cancel });
  }

  return {
    lang: locale,
    subject: headerText(subject),
    greeting: copy.greeting(ctx.recipient.name?.trim() || null),
    paragraphs,
    changes,
    details,
    closing: plan.calendar ? [copy[plan.calendar.note]] : [],
    footer: [copy.footer(host, ctx.kind === 'invitation')],
  };
}
