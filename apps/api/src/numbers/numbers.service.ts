import { EventEntity } from '@cohost/database';
import { effectiveRegistrationClose } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { DailyCount, dailySeries } from './event-days';
import { BreakdownRow, Dimension, NumbersRepository } from './numbers.repository';

export interface StatusCounts {
  confirmed: number;
  waitlisted: number;
  cancelled: number;
}

/** One group of a breakdown: registrants who have not cancelled, by status. */
export interface Group {
  /** Partner slug, locale, IANA zone or member organization id; null: came without a partner link. */
  key: string | null;
  name?: { en?: string; ja?: string };
  confirmed: number;
  waitlisted: number;
}

/** Of a past webinar's confirmed registrants, how many attended. */
export interface Attendance {
  attended: number;
  confirmed: number;
}

export interface EventNumbers {
  /** The zone the days are counted in: the event's. */
  zone: string;
  totals: StatusCounts;
  /** Per day from publishing (zero days included); null for a webinar never published. */
  daily: DailyCount[] | null;
  byVia: Group[];
  byLocale: Group[];
  byTimezone: Group[];
  /** Empty unless some registrant was matched to a member organization. */
  byMember: Group[];
  attendance: Attendance | null;
}

export interface WebinarTotals extends StatusCounts {
  attendance: Attendance | null;
}

/**
 * The attendance rate exists once a webinar has ended and attendance was
 * recorded (someone confirmed is marked as attended): before that, 0 of N
 * would read as "nobody came".
 */
export function attendanceOf(event: EventEntity, confirmed: number, attended: number, now: Date): Attendance | null {
  if (event.status !== 'published' || event.endsAt > now || attended === 0) return null;
  return { attended, confirmed };
}

const active = (g: Group) => g.confirmed + g.waitlisted;

function groupsOf(rows: readonly BreakdownRow[], dimension: Dimension): Group[] {
  const byKey = new Map<string | null, Group>();
  for (const row of rows) {
    if (row.dimension !== dimension || row.status === 'cancelled') continue;
    const group = byKey.get(row.key) ?? {
      key: row.key,
      ...(row.name_en || row.name_ja
        ? { name: { ...(row.name_en ? { en: row.name_en } : {}), ...(row.name_ja ? { ja: row.name_ja } : {}) } }
        : {}),
      confirmed: 0,
      waitlisted: 0,
    };
    group[row.status] += row.n;
    byKey.set(row.key, group);
  }
  // Largest first; ties by key (no partner last), so the order is stable.
  return [...byKey.values()].sort(
    (a, b) =>
      active(b) - active(a) ||
      (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) ||
      (a.key ?? '').localeCompare(b.key ?? ''),
  );
}

/**
 * The numbers of webinars: counts of registrations by status, day, partner,
 * language, zone and member organization, and the attendance rate. Counts
 * only: nobody is named, so every party allowed to see registrations sees
 * the same numbers (see docs/console.md "The numbers" for SPEC rule 6).
 */
@Injectable()
export class NumbersService {
  constructor(private readonly repository: NumbersRepository) {}

  async event(event: EventEntity, now = new Date()): Promise<EventNumbers> {
    const zone = event.timezone;
    const [rows, daily] = await Promise.all([
      this.repository.breakdowns(event.id),
      event.publishedAt ? this.repository.daily(event.id, zone) : Promise.resolve(null),
    ]);
    const totals: StatusCounts = { confirmed: 0, waitlisted: 0, cancelled: 0 };
    let attended = 0;
    for (const row of rows) {
      if (row.dimension !== 'status') continue;
      totals[row.status] = row.n;
      if (row.status === 'confirmed') attended = row.attended;
    }
    const ends = [now, effectiveRegistrationClose(event), event.cancelledAt ?? now];
    const until = new Date(Math.min(...ends.map((d) => d.getTime())));
    return {
      zone,
      totals,
      daily: daily && event.publishedAt ? dailySeries(daily, { publishedAt: event.publishedAt, until, zone }) : null,
      byVia: groupsOf(rows, 'via'),
      byLocale: groupsOf(rows, 'locale'),
      byTimezone: groupsOf(rows, 'timezone'),
      byMember: groupsOf(rows, 'member').filter((g) => g.key !== null),
      attendance: attendanceOf(event, totals.confirmed, attended, now),
    };
  }

  /** The totals of each webinar listed (one query for all). */
  async totals(events: readonly EventEntity[], now = new Date()): Promise<Map<string, WebinarTotals>> {
    const rows = await this.repository.totals(events.map((e) => e.id));
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    return new Map(
      events.map((event) => {
        const row = byId.get(event.id) ?? { confirmed: 0, waitlisted: 0, cancelled: 0, attended: 0 };
        const { confirmed, waitlisted, cancelled } = row;
        return [
          event.id,
          { confirmed, waitlisted, cancelled, attendance: attendanceOf(event, confirmed, row.attended, now) },
        ];
      }),
    );
  }
}
