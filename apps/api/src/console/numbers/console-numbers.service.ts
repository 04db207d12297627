import { EventEntity } from '@cohost/database';
import { Relation } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { OrganizerCaller } from '../../auth/caller';
import { NumbersService } from '../../numbers/numbers.service';
import type { ConsoleLocale } from '../i18n';
import { OrganizerEventsService } from '../organizer/organizer-events.service';
import { numbersSection, NumbersSection, totalsLine } from './numbers-view';

/**
 * The numbers on the organizer pages: the event page's charts and the
 * dashboard's totals, from `NumbersService`. Shown to whoever the access
 * matrix lets see registrations (the host and accepted co-hosts; not a
 * partner whose invitation is pending).
 */
@Injectable()
export class ConsoleNumbersService {
  constructor(
    private readonly numbers: NumbersService,
    private readonly events: OrganizerEventsService,
  ) {}

  async eventSection(
    event: EventEntity,
    relation: Relation,
    caller: OrganizerCaller,
    locale: ConsoleLocale,
  ): Promise<NumbersSection | undefined> {
    if (!this.events.allows(event, caller, 'view_registrations')) return undefined;
    return numbersSection(await this.numbers.event(event), locale, relation === 'host');
  }

  /** Totals of the dashboard's scheduled webinars by id (drafts have none); past ones with attendance. */
  async dashboardTotals(
    upcoming: readonly EventEntity[],
    past: readonly EventEntity[],
    locale: ConsoleLocale,
  ): Promise<Map<string, ReturnType<typeof totalsLine>>> {
    const totals = await this.numbers.totals([...upcoming, ...past]);
    const pastIds = new Set(past.map((e) => e.id));
    return new Map([...totals].map(([id, t]) => [id, totalsLine(t, locale, pastIds.has(id))]));
  }
}
