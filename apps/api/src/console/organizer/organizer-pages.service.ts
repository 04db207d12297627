import { AppConfig } from '@cohost/config';
import { EventEntity } from '@cohost/database';
import { CalendarField, effectiveRegistrationClose, Relation } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { OrganizerCaller } from '../../auth/caller';
import { EventPresenter } from '../../events/event.presenter';
import { formatSpan } from '../../pages/page-format';
import { timeZones } from '../../pages/page-locale';
import { ConsoleNumbersService } from '../numbers/console-numbers.service';
import { CohostPickerService } from './cohost-picker.service';
import { EVENT_FORM_FIELDS, EventFormField, EventFormValues, REMINDER_PRESETS, toOffsetDateTime } from './event-form';
import { OrganizerDashboardService } from './organizer-dashboard.service';
import { OrganizerEventsService } from './organizer-events.service';
import {
  eventRow,
  eventTitle,
  instantText,
  invitationRow,
  ORGANIZER_PATHS,
  partiesOf,
  partnerName,
  reasonText,
  seatsLabel,
  ViewCtx,
  ZoneParty,
  zoneTimes,
} from './organizer-views';
import type { FieldProblem } from './organizer-events.service';

/** Reminder offsets in words where there is a preset, else the ISO duration itself. */
function reminderWords(reminders: readonly string[], ctx: ViewCtx): string {
  return reminders
    .map((r) => ((REMINDER_PRESETS as readonly string[]).includes(r) ? ctx.t(`org.reminder.${r as 'P1D'}`) : r))
    .join(', ');
}

/**
 * The data of each organizer page, built from the API's services and read
 * models; the templates only print it. Authorization happened before
 * (`OrganizerEventsService.forParty`/`forEdit`); what a role may not do is
 * left out here by asking the access matrix (`allows`).
 */
@Injectable()
export class OrganizerPagesService {
  private readonly zones = timeZones();

  constructor(
    private readonly dashboards: OrganizerDashboardService,
    private readonly events: OrganizerEventsService,
    private readonly pickers: CohostPickerService,
    private readonly presenter: EventPresenter,
    private readonly config: AppConfig,
    private readonly numbers: ConsoleNumbersService,
  ) {}

  async dashboard(caller: OrganizerCaller, ctx: ViewCtx) {
    const data = await this.dashboards.dashboard(caller);
    const totals = await this.numbers.dashboardTotals(data.upcoming, data.past, ctx.locale);
    const row = (e: EventEntity) => ({ ...eventRow(e, caller.partnerId, ctx), totals: totals.get(e.id) });
    return {
      paths: ORGANIZER_PATHS,
      drafts: data.drafts.map(row),
      upcoming: data.upcoming.map(row),
      past: data.past.map(row),
      incoming: data.incoming.map((c) => invitationRow(c, ctx)),
      outgoing: data.outgoing.map((c) => invitationRow(c, ctx)),
    };
  }

  /** The event page of a party: what it may do, and nothing else. */
  async event(event: EventEntity, relation: Relation, caller: OrganizerCaller, ctx: ViewCtx) {
    const title = eventTitle(event, ctx.locale);
    const hostName = partnerName(event.host!, ctx.locale);
    const open = event.status !== 'cancelled';
    const can = {
      edit: open && this.events.allows(event, caller, 'edit'),
      publish: event.status === 'draft' && this.events.allows(event, caller, 'publish'),
      cancel: open && this.events.allows(event, caller, 'cancel'),
      manageCohosts: open && this.events.allows(event, caller, 'manage_cohosts'),
      attendance: event.status === 'published' && this.events.allows(event, caller, 'edit'),
      announcements: event.status !== 'draft' && this.events.allows(event, caller, 'view_notifications'),
      invitations: event.status !== 'draft' && this.events.allows(event, caller, 'invite'),
      registrants: event.status !== 'draft' && this.events.allows(event, caller, 'view_registrations'),
      deliveries: this.events.allows(event, caller, 'view_notifications'),
      questions: this.events.allows(event, caller, 'manage_questions') || this.events.allows(event, caller, 'edit'),
    };
    const ownInvitation = (event.cohosts ?? []).find((c) => c.partnerId === caller.partnerId && c.status === 'pending');
    const respond =
      open && ownInvitation && this.events.allows(event, caller, 'respond_cohost')
        ? {
            partner: partnerName(ownInvitation.partner!, ctx.locale),
            accept: ORGANIZER_PATHS.accept(event.id),
            decline: ORGANIZER_PATHS.decline(event.id),
          }
        : undefined;
    const picker = can.manageCohosts ? await this.pickers.picker(event) : undefined;
    const numbers = await this.numbers.eventSection(event, relation, caller, ctx.locale);
    const presented = this.presenter.present(event, caller, ctx.locale);
    const zone = event.timezone;
    const opens = event.registrationOpensAt
      ? instantText(event.registrationOpensAt, zone, ctx)
      : ctx.t('org.event.registrationFromPublish');
    return {
      paths: {
        dashboard: ORGANIZER_PATHS.dashboard,
        edit: ORGANIZER_PATHS.edit(event.id),
        publish: ORGANIZER_PATHS.publish(event.id),
        cancel: ORGANIZER_PATHS.cancel(event.id),
        invite: ORGANIZER_PATHS.invite(event.id),
        attendance: ORGANIZER_PATHS.attendance(event.id),
        announcements: ORGANIZER_PATHS.announcements(event.id),
        invitations: ORGANIZER_PATHS.invitations(event.id),
        registrants: ORGANIZER_PATHS.registrations(event.id),
        deliveries: ORGANIZER_PATHS.deliveries(event.id),
        questions: ORGANIZER_PATHS.questions(event.id),
      },
      title: title.text,
      event: {
        id: event.id,
        title: title.text,
        titleLang: title.lang,
        status: event.status,
        statusLabel: ctx.t(`org.status.${event.status}`),
        roleLabel: ctx.t(`org.role.${relation as 'host'}`),
        hostName,
        seats: seatsLabel(event, ctx),
        registrationWindow: ctx.t('org.event.registrationWindow', {
          opens,
          closes: instantText(effectiveRegistrationClose(event), zone, ctx),
        }),
        visibility: ctx.t(`org.visibility.${event.visibility}`),
        audience:
          event.seatsPerOrganization === null
            ? ctx.t(`org.audience.${event.audience}`)
            : ctx.t('org.event.audienceMembersCap', {
                audience: ctx.t(`org.audience.${event.audience}`),
                n: event.seatsPerOrganization,
              }),
        joinWindow: ctx.t('org.event.joinWindowValue', { n: event.joinWindowMinutes }),
        reminders: reminderWords(event.reminders, ctx),
        joinUrl: presented.joinUrl,
        zones: zoneTimes(event.startsAt, event.endsAt, partiesOf(event, ctx), zone, ctx),
        cohosts: [...(event.cohosts ?? [])]
          .sort((a, b) => a.invitedAt.getTime() - b.invitedAt.getTime())
          .map((c) => ({
            name: partnerName(c.partner!, ctx.locale),
            zone: c.partner!.timezone,
            status: c.status,
            statusLabel: ctx.t(`org.cohostStatus.${c.status}`),
            remove: ORGANIZER_PATHS.removeCohost(event.id, c.partner!.slug),
          })),
      },
      can,
      respond,
      numbers,
      picker: picker && {
        available: picker.available.map(({ partner, kind }) => ({
          slug: partner.slug,
          name: partnerName(partner, ctx.locale),
          zone: partner.timezone,
          kind,
        })),
        unavailable: picker.unavailable.map((u) => ({
          slug: u.partner.slug,
          name: partnerName(u.partner, ctx.locale),
          reason: reasonText(u, hostName, ctx),
        })),
      },
      links:
        event.status === 'published'
          ? {
              page: `${this.config.http.publicBaseUrl}/events/${event.slug}`,
              ...presented.calendarLinks,
            }
          : undefined,
    };
  }

  /**
   * The create or edit form with the values typed, per-field messages, and
   * the times in each party's zone when the values can be read.
   */
  form(
    input: {
      mode: 'create' | 'edit';
      action: string;
      backHref: string;
      title: string;
      values: EventFormValues;
      parties: ZoneParty[];
      problems?: Partial<Record<EventFormField, FieldProblem>>;
      rule?: string;
    },
    ctx: ViewCtx,
  ) {
    const { values } = input;
    const errors: Partial<Record<EventFormField, string>> = {};
    for (const [field, problem] of Object.entries(input.problems ?? {}) as Array<[EventFormField, FieldProblem]>) {
      errors[field] = ctx.t(problem.key, problem.params);
    }
    // The event's own zone first (it follows the zone chosen), then each party's; times only when readable.
    const start = toOffsetDateTime(values.startsAt, values.timezone);
    const end = toOffsetDateTime(values.endsAt, values.timezone);
    const readable = 'iso' in start && 'iso' in end && this.zones.includes(values.timezone);
    const zones = [{ name: ctx.t('org.form.eventZone'), zone: values.timezone, own: true }, ...input.parties].map(
      (p) => ({
        name: p.name,
        zone: p.zone,
        own: 'own' in p,
        when: readable ? formatSpan(new Date(start.iso), new Date(end.iso), ctx.locale, p.zone) : '',
      }),
    );
    return {
      title: input.title,
      mode: input.mode,
      action: input.action,
      backHref: input.backHref,
      form: values,
      errors,
      errorList: EVENT_FORM_FIELDS.filter((f) => errors[f]).map((f) => ({
        id: `f-${f}`,
        label: ctx.t(`org.label.${f === 'waitlist' ? 'capacity' : f}`),
        message: errors[f]!,
      })),
      rule: input.rule,
      timeZones: this.zones.includes(values.timezone) ? this.zones : [values.timezone, ...this.zones],
      reminderPresets: REMINDER_PRESETS.map((value) => ({ value, label: ctx.t(`org.reminder.${value}`) })),
      zones,
      zonesReadable: readable,
    };
  }

  /** The changes an edit makes, in words ("start, end"). */
  changes(changed: readonly CalendarField[], ctx: ViewCtx): string {
    const words = changed.map((c) => ctx.t(`org.change.${c}`));
    if (ctx.locale === 'ja') return words.join('、');
    return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words.join('');
  }

  /** Every form value as hidden fields (the confirmation step posts them again). */
  hidden(values: EventFormValues): Array<{ name: string; value: string }> {
    const fields: Array<{ name: string; value: string }> = [];
    for (const [name, value] of Object.entries(values)) {
      if (name === 'reminders') for (const r of value as string[]) fields.push({ name, value: r });
      else if (typeof value === 'boolean') {
        // A ticked checkbox (waitlist, recordingPublic) posts "yes"; an unticked one posts nothing.
        if (value) fields.push({ name, value: 'yes' });
      } else fields.push({ name, value: value as string });
    }
    return fields;
  }
}
