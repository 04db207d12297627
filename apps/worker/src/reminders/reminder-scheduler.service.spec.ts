import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobQueues } from '../jobs/job-queues.service';
import { ReminderScheduler } from './reminder-scheduler.service';

/** A DataSource whose transactions find no pending schedule, or fail as `failure` says. */
function database(failure: { error: Error | null }): DataSource {
  const manager = { query: async () => [] } as unknown as EntityManager;
  return {
    transaction: async (work: (m: EntityManager) => Promise<unknown>) => {
      if (failure.error) throw failure.error;
      return work(manager);
    },
  } as unknown as DataSource;
}

describe('ReminderScheduler failures', () => {
  it('warns once per distinct cause while syncs fail, and again after a sync succeeded', async () => {
    const failure: { error: Error | null } = { error: new Error('Connection is closed.') };
    const scheduler = new ReminderScheduler(database(failure), { queue: () => ({}) } as unknown as JobQueues);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const attempt = () => scheduler.syncPending().catch((error: unknown) => scheduler.reportFailure(error));

    await attempt();
    await attempt();
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      'reminder sync failed, schedules wait in PostgreSQL until it succeeds: Connection is closed.',
    ]);
    failure.error = new Error('READONLY You cannot write against a read only replica.');
    await attempt();
    expect(warn).toHaveBeenCalledTimes(2);

    failure.error = null;
    await expect(scheduler.syncPending()).resolves.toBe(0);
    failure.error = new Error('Connection is closed.');
    await attempt();
    expect(warn).toHaveBeenCalledTimes(3);
  });

  afterEach(() => jest.restoreAllMocks());
});
