import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('forgets the least recently used entry beyond its capacity; a read makes an entry recent', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('creates a missing value once', () => {
    const cache = new LruCache<string, object>(4);
    const create = jest.fn(() => ({}));
    const first = cache.getOrCreate('k', create);
    expect(cache.getOrCreate('k', create)).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
