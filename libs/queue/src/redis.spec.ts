import { describeRedisUrl, redisOptions } from './redis';

describe('redis connection options', () => {
  it('lets workers retry forever and producers fail fast', () => {
    expect(redisOptions('worker').maxRetriesPerRequest).toBeNull();
    expect(redisOptions('producer').maxRetriesPerRequest).toBe(1);
    expect(redisOptions('producer').enableOfflineQueue).toBe(false);
  });

  it('describes a URL without its credentials', () => {
    expect(describeRedisUrl('redis://:secret@10.0.0.1:6379/0')).toBe('10.0.0.1:6379');
  });
});
