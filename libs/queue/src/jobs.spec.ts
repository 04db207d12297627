import { defaultJobOptions, handlerMap, JOB_NAMES, JobCatalogueError, JobHandler, jobIds, RETENTION } from './jobs';

const handler = (jobName: string): JobHandler =>
  ({ jobName, handle: async () => ({ outcome: 'ok' }) }) as unknown as JobHandler;

describe('job catalogue', () => {
  it('maps every job to exactly one handler', () => {
    const map = handlerMap(JOB_NAMES.map(handler));
    expect([...map.keys()].sort()).toEqual([...JOB_NAMES].sort());
  });

  it('refuses a job without a handler', () => {
    expect(() => handlerMap([handler('send-notification')])).toThrow(JobCatalogueError);
    expect(() => handlerMap([handler('send-notification')])).toThrow('job "fire-reminder" has no handler');
  });

  it('refuses a job with two handlers, and a handler of an unknown job', () => {
    expect(() => handlerMap([...JOB_NAMES.map(handler), handler('send-notification')])).toThrow(
      'job "send-notification" has two handlers',
    );
    expect(() => handlerMap([...JOB_NAMES.map(handler), handler('send-fax')])).toThrow('"send-fax" is not in');
  });

  it('builds deterministic ids without ":" that are never integer-like', () => {
    expect(jobIds.notification('42')).toBe('n-42');
    expect(jobIds.notificationBatch('17', 3)).toBe('nb-17-3');
    const id = jobIds.reminder('7f1c3a52-0000-4000-8000-000000000000', 'PT1H', 3);
    expect(id).toBe('r-7f1c3a52-0000-4000-8000-000000000000-PT1H-v3');
    expect(id).not.toContain(':');
    expect(jobIds.webhook('123', 0)).toBe('wh-123-0');
  });

  it.each(['send-notification', 'send-notifications'] as const)(
    'retries %s with exponential backoff and trims finished jobs',
    (name) => {
      const options = defaultJobOptions(name, { attempts: 5, delayMs: 1000 });
      expect(options).toMatchObject({ attempts: 5, backoff: { type: 'exponential', delay: 1000 } });
      expect(options.removeOnComplete).toEqual(RETENTION.removeOnComplete);
      expect(options.removeOnFail).toEqual(RETENTION.removeOnFail);
    },
  );
});
