import { EventEntity } from '@cohost/database';
import { Repository } from 'typeorm';
import { EventIdsService, eventWhere, SLUG_CACHE_SIZE } from './event-ids.service';

const ID = '0b6f3c1e-6a1d-4c5e-9a43-2f1d5c7e8a90';

/** A repository that knows `events` (slug -> id) and counts the look-ups. */
function service(events: Record<string, string>) {
  const asked: string[] = [];
  const repository = {
    findOne: ({ where }: { where: { slug: string } }) => {
      asked.push(where.slug);
      const id = events[where.slug];
      return Promise.resolve(id === undefined ? null : { id });
    },
  } as unknown as Repository<EventEntity>;
  return { ids: new EventIdsService(repository), asked };
}

describe('eventWhere', () => {
  it('reads a uuid as an id and anything else as a slug, both in lower case', () => {
    expect(eventWhere(ID.toUpperCase())).toEqual({ id: ID });
    expect(eventWhere('DK-JP-2026')).toEqual({ slug: 'dk-jp-2026' });
  });
});

describe('EventIdsService', () => {
  it('answers an id as is, without a query', async () => {
    const { ids, asked } = service({});
    expect(await ids.idOf(ID.toUpperCase())).toBe(ID);
    expect(asked).toEqual([]);
  });

  it('looks a slug up once, in any case, then remembers it', async () => {
    const { ids, asked } = service({ 'dk-jp-2026': ID });
    expect(await ids.idOf('dk-jp-2026')).toBe(ID);
    expect(await ids.idOf('DK-JP-2026')).toBe(ID);
    expect(asked).toEqual(['dk-jp-2026']);
  });

  it('does not remember an unknown slug (an event may take it later)', async () => {
    const events: Record<string, string> = {};
    const { ids, asked } = service(events);
    expect(await ids.idOf('later')).toBeUndefined();
    events.later = ID;
    expect(await ids.idOf('later')).toBe(ID);
    expect(asked).toEqual(['later', 'later']);
  });

  it('never queries for what cannot be a slug', async () => {
    const { ids, asked } = service({});
    expect(await ids.idOf('')).toBeUndefined();
    expect(await ids.idOf('no spaces')).toBeUndefined();
    expect(await ids.idOf('-dash-')).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('forgets the least recently used slug beyond its size', async () => {
    const events: Record<string, string> = {};
    for (let i = 0; i <= SLUG_CACHE_SIZE; i++) events[`e${i}`] = `id-${i}`;
    const { ids, asked } = service(events);
    for (let i = 0; i < SLUG_CACHE_SIZE; i++) await ids.idOf(`e${i}`);
    await ids.idOf('e0'); // used again: e1 is now the oldest
    await ids.idOf(`e${SLUG_CACHE_SIZE}`);
    asked.length = 0;
    await ids.idOf('e0');
    await ids.idOf('e1');
    expect(asked).toEqual(['e1']);
  });
});
