import { LruCache } from '@cohost/common';
import { pgPool } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * How long a cached page part may show old seat counts (and old
 * time-dependent states: registration opening or closing, an event that just
 * ended leaving the listing). Edits of events, co-hosts and partners are not
 * bound by it: they change the page stamp.
 */
export const SEATS_LAG_MS = 3000;

const STAMP_SQL = 'SELECT version::text AS version FROM page_stamp';
const STAMP_STATEMENT = 'cohost_page_stamp';

interface Entry {
  version: string;
  at: number;
  value: Promise<unknown>;
}

/**
 * What the public pages render the same for every visitor (the events data,
 * rendered listings and event articles per language and zone), kept per api
 * process and checked against the page stamp of PostgreSQL (`page_stamp`,
 * bumped by triggers on events, co-hosts and partners in the writing
 * transaction).
 *
 * Every page request reads the stamp after it arrived (the requests of one
 * turn of the event loop share one statement), so an edit committed before a
 * request is never answered from an older render, whichever api process made
 * it. Seat counts are not in the stamp (a registration burst would queue on
 * its row): an entry is also dropped after {@link SEATS_LAG_MS}, and a
 * registration through this process's form drops its event's entries at once
 * ({@link forgetSeats}).
 *
 * Nothing per visitor is ever stored here: forms, CSRF tokens, cookies and
 * typed values are rendered per request around the cached parts.
 */
@Injectable()
export class PageCache {
  private readonly entries = new LruCache<string, Entry>(1000);
  private waiting: Array<{ resolve: (version: string) => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly dataSource: DataSource) {}

  /** The page stamp, read after this call (shared with the other calls of this turn). */
  stamp(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.readStamp());
      }
    });
  }

  /**
   * The value of `key` computed under `version` less than `maxAgeMs` ago
   * (default {@link SEATS_LAG_MS}), else `compute()`, kept under `version`.
   * Concurrent misses share one computation; a failure is not kept. The
   * caller reads `version` ({@link stamp}) before anything `compute` uses.
   */
  get<T>(key: string, version: string, compute: () => Promise<T> | T, maxAgeMs = SEATS_LAG_MS): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.version === version && now - hit.at < maxAgeMs) return hit.value as Promise<T>;
    const value = Promise.resolve().then(compute);
    const entry: Entry = { version, at: now, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /**
   * Drops what this process keeps of one event's seats (its data and article,
   * and the listings): after a registration through this process's form, so
   * the visitor who just took a seat, or was refused one, sees the count at
   * once. Other processes follow within {@link SEATS_LAG_MS}.
   */
  forgetSeats(slug: string): void {
    const own = [`event|${slug}|`, `article|${slug}|`];
    for (const key of [...this.entries.keys()]) {
      if (own.some((prefix) => key.startsWith(prefix)) || key.startsWith('upcoming|') || key.startsWith('index|')) {
        this.entries.delete(key);
      }
    }
  }

  private readStamp(): void {
    this.scheduled = false;
    const batch = this.waiting;
    this.waiting = [];
    pgPool(this.dataSource)
      .query<{ version: string }>({ name: STAMP_STATEMENT, text: STAMP_SQL })
      .then(
        ({ rows }) => batch.forEach((w) => w.resolve(rows[0]?.version ?? '0')),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      );
  }
}
