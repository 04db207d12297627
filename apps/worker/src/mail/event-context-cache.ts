import { InFlight, LruCache } from '@cohost/common';
import type { EventEntity } from '@cohost/database';

/**
 * The version of an event's rendering inputs, read with every notification
 * in the same query: everything that can change what an email says about the
 * event. A reschedule changes `startsAt`/`endsAt` and `sequence`; any save
 * through TypeORM moves `updatedAt`; a co-host invitation accepted or
 * withdrawn changes `cohosts`.
 */
export interface EventStamp {
  eventId: string;
  sequence: number;
  status: string;
  updatedAt: Date;
  startsAt: Date;
  endsAt: Date;
  /** `partner/status` of every co-host row, sorted: changes when one is accepted, declined or removed. */
  cohosts: string;
}

export function stampKey(stamp: EventStamp): string {
  return [
    stamp.eventId,
    stamp.sequence,
    stamp.status,
    stamp.updatedAt.getTime(),
    stamp.startsAt.getTime(),
    stamp.endsAt.getTime(),
    stamp.cohosts,
  ].join('|');
}

interface Entry {
  key: string;
  event: EventEntity;
  loadedAt: number;
}

/**
 * The event (host, co-hosts) of a fan-out, loaded once instead of once per
 * recipient. An entry is used only while the event's current stamp (read in
 * the same query as the notification) equals the one it was loaded under, so
 * a reschedule or an edit is never rendered from the old row. Partner names
 * and contact addresses carry no version on the event, hence `ttlMs`: a
 * renamed host shows within that time. Bounded: one entry per event, the
 * least recently used dropped beyond `capacity`.
 */
export class EventContextCache {
  private readonly entries: LruCache<string, Entry>;
  // Keyed by the stamp: a shared load is one of this very version, so sharing the one in flight is right.
  private readonly loading = new InFlight<string, EventEntity | null>();
  hits = 0;
  misses = 0;

  constructor(
    capacity = 64,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LruCache(capacity);
  }

  async get(stamp: EventStamp, load: () => Promise<EventEntity | null>): Promise<EventEntity | null> {
    const key = stampKey(stamp);
    // A hit allocates nothing beyond the key: the LRU's get moves the entry in place.
    const entry = this.entries.get(stamp.eventId);
    if (entry && entry.key === key && this.now() - entry.loadedAt < this.ttlMs) {
      this.hits++;
      return entry.event;
    }
    this.misses++;
    // Concurrent jobs of one fan-out that miss together share one load.
    return this.loading.run(key, () => this.loadAndKeep(stamp, key, load));
  }

  private async loadAndKeep(
    stamp: EventStamp,
    key: string,
    load: () => Promise<EventEntity | null>,
  ): Promise<EventEntity | null> {
    const loadedAt = this.now();
    const event = await load();
    if (!event) {
      this.entries.delete(stamp.eventId);
      return null;
    }
    // Only what was loaded under this very stamp is kept: a row read after a later change carries another key.
    const loadedKey = stampKey({ ...stamp, ...eventStampOf(event) });
    if (loadedKey === key) this.entries.set(stamp.eventId, { key, event, loadedAt });
    return event;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The stamp fields an event entity (with its co-hosts loaded) carries itself. */
export function eventStampOf(event: EventEntity): EventStamp {
  return {
    eventId: event.id,
    sequence: event.sequence,
    status: event.status,
    updatedAt: event.updatedAt,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    cohosts: cohostStamp((event.cohosts ?? []).map((c) => ({ partnerId: c.partnerId, status: c.status }))),
  };
}

export function cohostStamp(cohosts: Array<{ partnerId: string; status: string }>): string {
  return cohosts
    .map((c) => `${c.partnerId}/${c.status}`)
    .sort()
    .join(',');
}
