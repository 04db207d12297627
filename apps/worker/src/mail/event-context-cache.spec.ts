import type { EventEntity } from '@cohost/database';
import { Coalescer } from './coalescer';
import { EventContextCache, EventStamp, eventStampOf } from './event-context-cache';

function event(overrides: Partial<EventEntity> = {}): EventEntity {
  return {
    id: 'e1',
    sequence: 0,
    status: 'published',
    updatedAt: new Date('2026-12-01T00:00:00Z'),
    startsAt: new Date('2026-12-10T09:00:00Z'),
    endsAt: new Date('2026-12-10T11:00:00Z'),
    cohosts: [],
    ...overrides,
  } as EventEntity;
}

describe('EventContextCache', () => {
  it('loads once per stamp and reloads when the event is rescheduled', async () => {
    const cache = new EventContextCache();
    let row = event();
    const load = jest.fn(async () => row);
    const stamp = (): EventStamp => eventStampOf(row);

    expect(await cache.get(stamp(), load)).toBe(row);
    expect(await cache.get(stamp(), load)).toBe(row);
    expect(load).toHaveBeenCalledTimes(1);

    // A reschedule: new time, next sequence, new updated_at. The old entry must not be used.
    row = event({
      sequence: 1,
      startsAt: new Date('2026-12-10T10:00:00Z'),
      endsAt: new Date('2026-12-10T12:00:00Z'),
      updatedAt: new Date('2026-12-02T00:00:00Z'),
    });
    const rendered = await cache.get(stamp(), load);
    expect(rendered?.sequence).toBe(1);
    expect(rendered?.startsAt.toISOString()).toBe('2026-12-10T10:00:00.000Z');
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(1);
  });

  it('misses on any stamp field alone: time without sequence, status, updated_at, co-hosts', async () => {
    const base = eventStampOf(event());
    const variants: EventStamp[] = [
      { ...base, startsAt: new Date('2026-12-10T09:30:00Z') },
      { ...base, endsAt: new Date('2026-12-10T11:30:00Z') },
      { ...base, sequence: 2 },
      { ...base, status: 'cancelled' },
      { ...base, updatedAt: new Date('2026-12-01T00:00:01Z') },
      { ...base, cohosts: 'p2/accepted' },
    ];
    for (const variant of variants) {
      const cache = new EventContextCache();
      await cache.get(base, async () => event());
      const load = jest.fn(async () => null);
      await cache.get(variant, load);
      expect(load).toHaveBeenCalledTimes(1);
    }
  });

  it('does not keep a row that was loaded after a later change than the stamp it was asked for', async () => {
    const cache = new EventContextCache();
    const old = eventStampOf(event());
    const newer = event({ sequence: 1, startsAt: new Date('2026-12-11T09:00:00Z') });
    await cache.get(old, async () => newer);
    const load = jest.fn(async () => event());
    await cache.get(old, load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('expires entries after the TTL (partner names carry no version) and stays bounded', async () => {
    let now = 0;
    const cache = new EventContextCache(2, 1000, () => now);
    const load = jest.fn(async () => event());
    const stamp = eventStampOf(event());
    await cache.get(stamp, load);
    now = 999;
    await cache.get(stamp, load);
    expect(load).toHaveBeenCalledTimes(1);
    now = 1000;
    await cache.get(stamp, load);
    expect(load).toHaveBeenCalledTimes(2);

    for (const id of ['e2', 'e3', 'e4']) await cache.get(eventStampOf(event({ id })), async () => event({ id }));
    expect(cache.size).toBe(2);
  });

  it('shares one load among concurrent misses of one stamp', async () => {
    const cache = new EventContextCache();
    const load = jest.fn(async () => event());
    const stamp = eventStampOf(event());
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get(stamp, load)));
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(results).size).toBe(1);
  });
});

describe('Coalescer', () => {
  it('batches calls of one turn, gives each caller its own result, and each the batch error', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, number>(async (keys) => {
      batches.push(keys);
      return keys.map((k) => k * 2);
    }, 3);
    expect(await Promise.all([1, 2, 3, 4].map((k) => c.call(k)))).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3], [4]]);

    const failing = new Coalescer<number, number>(async () => {
      throw new Error('database away');
    });
    const outcomes = await Promise.allSettled([failing.call(1), failing.call(2)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });
});
