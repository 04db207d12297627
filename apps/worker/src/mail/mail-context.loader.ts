import { EventEntity } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventContextCache, EventStamp } from './event-context-cache';
import type { Recipient } from './ledger-statements';

/**
 * Loads what an email is about beyond its ledger row: the event with host and
 * co-hosts (from a cache while the event's stamp is unchanged) and a
 * registrant's place in the waitlist. It only reads; the ledger is the
 * sender's.
 */
@Injectable()
export class MailContextLoader {
  private readonly events = new EventContextCache();

  constructor(private readonly dataSource: DataSource) {}

  /** The event (from the cache while its stamp holds); null if it is gone. */
  event(stamp: EventStamp): Promise<EventEntity | null> {
    return this.events.get(stamp, () =>
      this.dataSource.manager.findOne(EventEntity, {
        where: { id: stamp.eventId },
        relations: { host: true, cohosts: { partner: true } },
      }),
    );
  }

  /** Hits and misses of the event cache (tests, diagnostics). */
  get cacheStats(): { hits: number; misses: number; size: number } {
    return { hits: this.events.hits, misses: this.events.misses, size: this.events.size };
  }

  /** 1-based place of a waitlisted registrant, by the waitlist's order `(waitlisted_at, id)`. */
  async waitlistPosition(registration: Recipient): Promise<number> {
    const [row]: Array<{ position: string }> = await this.dataSource.query(
      `SELECT count(*) AS position FROM registrations
        WHERE event_id = $1 AND status = 'waitlisted' AND (waitlisted_at, id) <= ($2::timestamptz, $3::uuid)`,
      [registration.eventId, registration.waitlistedAt, registration.id],
    );
    return Number(row?.position ?? 1);
  }
}
