import { EventEntity } from '@cohost/database';
import { CalendarField, DomainError, ForbiddenError, planEventUpdate, Relation } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { OrganizerCaller } from '../../auth/caller';
import { CohostsService } from '../../events/cohosts.service';
import { CancelEventDto, CreateEventDto, UpdateEventDto } from '../../events/dto/event-input.dto';
import { EventAccessService } from '../../events/event-access.service';
import { EventsService } from '../../events/events.service';
import { toBody } from '../../http/exception.filter';
import { fieldMessages } from '../../http/validation';
import { organizerEn, OrganizerKey } from './i18n/en';
import { eventBody, EventFormField, EventFormValues, formFieldOf } from './event-form';

/** What is wrong with one field: a key of the organizer texts (`field.*`) and its parameters. */
export interface FieldProblem {
  key: OrganizerKey;
  params?: Record<string, string | number>;
}

/** The form cannot be saved as it is: per-field problems, or one for the whole form (`form`). */
export class EventFormInvalid extends Error {
  constructor(
    readonly fields: Partial<Record<EventFormField, FieldProblem>>,
    readonly status = 400,
    /** A rule of the API refused the whole change (an agreement, the state): its own message. */
    readonly rule?: DomainError,
  ) {
    super('The webinar form has problems');
  }
}

/** Domain error codes of the events service that belong to one field of the form. */
const FIELD_OF_CODE: Record<string, EventFormField> = {
  EVENT_TIME_ORDER: 'endsAt',
  EVENT_IN_PAST: 'startsAt',
  EVENT_TITLE_REQUIRED: 'titleEn',
  EVENT_SLUG_TAKEN: 'slug',
  EVENT_CAPACITY_BELOW_CONFIRMED: 'capacity',
  EVENT_REMINDERS: 'reminders',
  EVENT_REMINDER_DURATION: 'reminders',
  INVALID_DATE_TIME: 'startsAt',
};

/** An edit that would email registrants: what changed and how many confirmed registrants get `event.updated`. */
export interface EditNotice {
  changed: CalendarField[];
  notified: number;
}

/** Whom cancelling emails: the confirmed and the waitlisted registrants. */
export interface CancelNotified {
  total: number;
  confirmed: number;
  waitlisted: number;
}

/**
 * The organizer pages' door to the events module: the form is validated
 * with the JSON API's own DTOs and saved by the same services
 * (`EventsService`, `CohostsService`), authorized by `EventAccessService`.
 * What an edit will email is decided by the domain's `planEventUpdate`,
 * the plan the events service applies (sequence, outbox rows).
 */
@Injectable()
export class OrganizerEventsService {
  constructor(
    private readonly events: EventsService,
    private readonly cohosts: CohostsService,
    private readonly access: EventAccessService,
  ) {}

  /** The event for a console page of a party to it; other partners get the API's 404 (drafts) or 403. */
  async forParty(id: string, caller: OrganizerCaller): Promise<{ event: EventEntity; relation: Relation }> {
    const found = await this.access.require(id, caller, 'read');
    if (found.relation === 'outsider') {
      throw new ForbiddenError('EVENT_FORBIDDEN', 'Only the host and invited partners manage this event');
    }
    return found;
  }

  /** The event, if the caller may edit it (host or accepted co-host); else 404/403 as in the API. */
  async forEdit(id: string, caller: OrganizerCaller): Promise<EventEntity> {
    return (await this.access.require(id, caller, 'edit')).event;
  }

  allows(event: EventEntity, caller: OrganizerCaller, action: Parameters<EventAccessService['allows']>[2]): boolean {
    return this.access.allows(event, caller, action);
  }

  async create(caller: OrganizerCaller, values: EventFormValues): Promise<EventEntity> {
    const dto = await this.validated(CreateEventDto, values, 'create');
    return this.mapped(() => this.events.create(caller, dto));
  }

  /** Validates an edit and says whom saving it would email (null: nobody). */
  async editNotice(id: string, caller: OrganizerCaller, values: EventFormValues): Promise<EditNotice | null> {
    const dto = await this.validated(UpdateEventDto, values, 'update');
    const event = await this.forEdit(id, caller);
    // The events service's own plan of the edit (libs/domain), written nowhere: whom it emails, and its checks
    // (times, reminders, capacity) before the question, so a form that cannot be saved is corrected first.
    const plan = await this.mapped(async () => planEventUpdate(event, dto, new Date()));
    if (plan.notifications.length === 0 || event.confirmedCount === 0) return null;
    return { changed: plan.changed, notified: event.confirmedCount };
  }

  /** Saves an edit; `promoted`: how many waitlisted registrants a raised capacity moved to confirmed. */
  async update(
    id: string,
    caller: OrganizerCaller,
    values: EventFormValues,
  ): Promise<{ event: EventEntity; promoted: number }> {
    const dto = await this.validated(UpdateEventDto, values, 'update');
    return this.mapped(() => this.events.updateAndPromote(id, caller, dto));
  }

  /**
   * Whom cancelling would email: every live registrant, the confirmed (a calendar cancellation) and the
   * waitlisted (a plain email; their registrations are closed).
   */
  async cancelNotice(id: string, caller: OrganizerCaller): Promise<{ event: EventEntity; notified: CancelNotified }> {
    const { event } = await this.access.require(id, caller, 'cancel');
    const { confirmedCount: confirmed, waitlistedCount: waitlisted } = event;
    return { event, notified: { total: confirmed + waitlisted, confirmed, waitlisted } };
  }

  publish(id: string, caller: OrganizerCaller): Promise<EventEntity> {
    return this.events.publish(id, caller);
  }

  /** Cancels with the reason checked by the API's `CancelEventDto` (a bad one: `EventFormInvalid` on `reason`). */
  async cancel(id: string, caller: OrganizerCaller, reason: string): Promise<EventEntity> {
    const dto = plainToInstance(CancelEventDto, reason ? { reason } : {});
    if ((await validate(dto, { whitelist: true, forbidNonWhitelisted: true })).length > 0) {
      throw new EventFormInvalid({}, 400);
    }
    return this.events.cancel(id, caller, dto.reason);
  }

  invite(id: string, caller: OrganizerCaller, partnerSlug: string): Promise<EventEntity> {
    return this.cohosts.invite(id, caller, partnerSlug);
  }

  accept(id: string, caller: OrganizerCaller): Promise<EventEntity> {
    return this.cohosts.accept(id, caller, caller.partnerSlug);
  }

  decline(id: string, caller: OrganizerCaller): Promise<EventEntity> {
    return this.cohosts.decline(id, caller, caller.partnerSlug);
  }

  removeCohost(id: string, caller: OrganizerCaller, partnerSlug: string): Promise<EventEntity> {
    return this.cohosts.remove(id, caller, partnerSlug);
  }

  private async validated<T extends object>(
    type: ClassConstructor<T>,
    values: EventFormValues,
    mode: 'create' | 'update',
  ): Promise<T> {
    const { body, problems } = eventBody(values, mode);
    const fields: Partial<Record<EventFormField, FieldProblem>> = {};
    for (const [field, problem] of Object.entries(problems) as Array<[EventFormField, string]>) {
      fields[field] = {
        key: problem === 'nonexistent' ? 'org.field.timeSkipped' : `org.field.${field}`,
        params: { zone: values.timezone },
      };
    }
    const dto = plainToInstance(type, body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    for (const path of Object.keys(fieldMessages(errors))) {
      const field = formFieldOf(path);
      if (field && !fields[field]) fields[field] = { key: `org.field.${field}` };
    }
    if (Object.keys(fields).length > 0) throw new EventFormInvalid(fields);
    return dto;
  }

  /** Rule errors of the events service that name a field become that field's problem; the rest stay whole. */
  private async mapped<T>(save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = FIELD_OF_CODE[error.code] ?? windowField(error);
      if (field) {
        const key = `org.code.${error.code}`;
        const problem: FieldProblem = { key: key in organizerEn ? (key as OrganizerKey) : `org.field.${field}` };
        throw new EventFormInvalid({ [field]: problem }, statusOf(error));
      }
      if (error.kind === 'forbidden' || error.kind === 'not_found') throw error;
      throw new EventFormInvalid({}, statusOf(error), error);
    }
  }
}

function windowField(error: DomainError): EventFormField | undefined {
  if (error.code !== 'EVENT_REGISTRATION_WINDOW') return undefined;
  return error.message.startsWith('registrationClosesAt') ? 'registrationClosesAt' : 'registrationOpensAt';
}

/** The API's status for a domain error (its one mapping). */
function statusOf(error: DomainError): number {
  return toBody(error).payload.statusCode;
}
