import { EventEntity, EventsRepository, isUniqueViolation, Outbox, WebhookOutbox } from '@cohost/database';
import {
  assertValidReminders,
  assertValidSchedule,
  baseEventSlug,
  ConflictError,
  DEFAULT_REMINDERS,
  freeSlug,
  normaliseLines,
  NotFoundError,
  parseInstant,
  planEventUpdate,
  RuleViolationError,
} from '@cohost/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, Like } from 'typeorm';
import { Caller, OrganizerCaller } from '../auth/caller';
import { CohostCoverageService } from './cohost-coverage.service';
import { CreateEventDto, UpdateEventDto } from './dto/event-input.dto';
import { EventAccessService } from './event-access.service';
import { EVENT_WAITLIST, EventWaitlist } from './event-waitlist';

/** Loads the parties with the event, as the presenter needs them. */
export const EVENT_RELATIONS = { host: true, cohosts: { partner: true } } as const;

const clean = (text: string | undefined) => (text === undefined ? null : normaliseLines(text));

function ensureNotCancelled(event: EventEntity, doing: string): void {
  if (event.status === 'cancelled') {
    throw new ConflictError('EVENT_CANCELLED', `The event was cancelled; it cannot be ${doing}`);
  }
}

@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
    private readonly coverage: CohostCoverageService,
    @Inject(EVENT_WAITLIST) private readonly waitlist: EventWaitlist,
  ) {}

  /** A draft hosted by the organizer's partner. */
  async create(caller: OrganizerCaller, dto: CreateEventDto, now = new Date()): Promise<EventEntity> {
    const title = { en: clean(dto.title.en), ja: clean(dto.title.ja) };
    const startsAt = parseInstant(dto.startsAt, 'startsAt');
    const endsAt = parseInstant(dto.endsAt, 'endsAt');
    const schedule = {
      startsAt,
      endsAt,
      registrationOpensAt: dto.registrationOpensAt
        ? parseInstant(dto.registrationOpensAt, 'registrationOpensAt')
        : null,
      registrationClosesAt: dto.registrationClosesAt
        ? parseInstant(dto.registrationClosesAt, 'registrationClosesAt')
        : null,
    };
    assertValidSchedule(schedule, { now, startChanged: true });
    const reminders = dto.reminders ?? [...DEFAULT_REMINDERS];
    assertValidReminders(reminders);

    const base = dto.slug ?? baseEventSlug({ title, startsAt, timezone: dto.timezone });
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.dataSource.transaction(async (manager) => {
          const slug =
            dto.slug ??
            (await this.freeSlugFor(manager, attempt === 0 ? base : `${base}-${randomBytes(3).toString('hex')}`));
          const saved = await EventsRepository.insert(manager, {
            slug,
            hostPartnerId: caller.partnerId,
            titleEn: title.en,
            titleJa: title.ja,
            descriptionEn: clean(dto.description?.en),
            descriptionJa: clean(dto.description?.ja),
            ...schedule,
            timezone: dto.timezone,
            capacity: dto.capacity ?? null,
            waitlist: dto.waitlist ?? false,
            visibility: dto.visibility ?? 'public',
            audience: dto.audience ?? 'public',
            seatsPerOrganization: dto.seatsPerOrganization ?? null,
            joinUrl: dto.joinUrl,
            joinWindowMinutes: dto.joinWindowMinutes ?? 15,
            reminders,
            status: 'draft',
            sequence: 0,
            createdByOrganizerId: caller.organizerId,
          });
          return this.load(manager, saved.id);
        });
      } catch (error) {
        if (!isUniqueViolation(error, 'events_slug_key')) throw error;
        if (dto.slug) throw new ConflictError('EVENT_SLUG_TAKEN', `The slug "${dto.slug}" is already taken`);
        // Another event took the same slug concurrently: try again with a random suffix.
        if (attempt >= 3) throw error;
      }
    }
  }

  private async freeSlugFor(manager: EntityManager, base: string): Promise<string> {
    const rows = await manager.find(EventEntity, {
      select: { slug: true },
      where: [{ slug: base }, { slug: Like(`${base}-%`) }],
    });
    return freeSlug(base, new Set(rows.map((r) => r.slug)));
  }

  async get(idOrSlug: string, caller: Caller | undefined): Promise<EventEntity> {
    return (await this.access.require(idOrSlug, caller, 'read')).event;
  }

  /**
   * Edits in one transaction with the event row locked. The rules are
   * `planEventUpdate`'s (libs/domain): here the plan is applied. A
   * reschedule re-checks co-host agreements; a change of time or title (not
   * of the meeting URL: registrants hold personal links that follow it) on a published event bumps `sequence` and writes the
   * `event.updated` outbox rows in the same transaction; a raised capacity
   * promotes from the waitlist in it too.
   */
  async update(idOrSlug: string, caller: Caller, dto: UpdateEventDto, now = new Date()): Promise<EventEntity> {
    return (await this.updateAndPromote(idOrSlug, caller, dto, now)).event;
  }

  /** `update`, also saying how many waitlisted registrants its raised capacity promoted (the console says so). */
  async updateAndPromote(
    idOrSlug: string,
    caller: Caller,
    dto: UpdateEventDto,
    now = new Date(),
  ): Promise<{ event: EventEntity; promoted: number }> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.access.require(idOrSlug, caller, 'edit', { manager, lock: true });
      const plan = planEventUpdate(event, dto, now);
      if (plan.change === 'reschedule') {
        await this.coverage.recheckAccepted(manager, event, { start: plan.patch.startsAt, end: plan.patch.endsAt });
      }
      await EventsRepository.applyEdit(manager, event.id, plan.patch);
      for (const notification of plan.notifications) {
        await Outbox.forConfirmedRegistrants(manager, notification.kind, event.id, { data: notification.data });
      }
      const promoted = plan.promote ? await this.waitlist.promoteAfterCapacityChange(manager, event.id) : 0;
      await WebhookOutbox.emit(manager, { type: 'event.updated', eventId: event.id, at: now });
      return { event: await this.load(manager, event.id), promoted };
    });
  }

  /** draft → published; every accepted co-host must still be covered by an agreement. */
  async publish(idOrSlug: string, caller: Caller, now = new Date()): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.access.require(idOrSlug, caller, 'publish', { manager, lock: true });
      ensureNotCancelled(event, 'published');
      if (event.status === 'published')
        throw new ConflictError('EVENT_ALREADY_PUBLISHED', 'The event is already published');
      if (event.startsAt.getTime() <= now.getTime()) {
        throw new RuleViolationError('EVENT_IN_PAST', 'The event has already started; reschedule it before publishing');
      }
      await this.coverage.recheckAccepted(manager, event, { start: event.startsAt, end: event.endsAt });
      await EventsRepository.publish(manager, event.id, now);
      await WebhookOutbox.emit(manager, { type: 'event.published', eventId: event.id, at: now });
      return this.load(manager, event.id);
    });
  }

  /**
   * → cancelled, for good, in one transaction: sequence +1; every live
   * registrant is told (confirmed: a CANCEL calendar email; waitlisted: a
   * plain email); waitlisted registrations are closed (`cancelled`,
   * `cancelled_by = 'event'`), confirmed ones stay `confirmed` as the record of
   * who held a seat (the event's status says it will not happen).
   */
  async cancel(idOrSlug: string, caller: Caller, reason: string | undefined, now = new Date()): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.access.require(idOrSlug, caller, 'cancel', { manager, lock: true });
      if (event.status === 'cancelled') throw new ConflictError('EVENT_CANCELLED', 'The event is already cancelled');
      await EventsRepository.cancel(manager, event.id, { now, reason: reason ?? null, sequence: event.sequence + 1 });
      await Outbox.forEventCancellation(manager, event.id, { reason: reason ?? null });
      await WebhookOutbox.emit(manager, { type: 'event.cancelled', eventId: event.id, at: now });
      await this.waitlist.closeForCancelledEvent(manager, event.id, now);
      return this.load(manager, event.id);
    });
  }

  async load(manager: EntityManager, id: string): Promise<EventEntity> {
    const event = await manager.findOne(EventEntity, { where: { id }, relations: EVENT_RELATIONS });
    if (!event) throw new NotFoundError('EVENT_NOT_FOUND', `No event "${id}"`);
    return event;
  }
}
