import { sendJobOf } from '@cohost/queue';
import { relayGroups, staleSendJob } from './outbox-relay.service';

describe('relayGroups', () => {
  it('gives a row relayed alone its own job', () => {
    expect(relayGroups(['41'], 16, '')).toEqual([{ name: 'send-notification', jobId: 'n-41', ids: ['41'] }]);
  });

  it('gives a row resent after it failed a job id of its own per resend (the failed job keeps the old one)', () => {
    const resends = new Map([['41', 2]]);
    expect(relayGroups(['41'], 16, '', resends)).toEqual([
      { name: 'send-notification', jobId: 'n-41-r2', ids: ['41'] },
    ]);
    expect(relayGroups(['41', '42'], 1, '', resends).map((g) => g.jobId)).toEqual(['n-41-r2', 'n-42']);
  });

  it('puts rows relayed together into jobs of the batch size, named after the pass, in id order', () => {
    expect(relayGroups(['1', '2', '3', '4', '5', '6', '7'], 3, '12')).toEqual([
      { name: 'send-notifications', jobId: 'nb-12-1', ids: ['1', '2', '3'] },
      { name: 'send-notifications', jobId: 'nb-12-2', ids: ['4', '5', '6'] },
      { name: 'send-notifications', jobId: 'nb-12-3', ids: ['7'] },
    ]);
  });

  it('gives every row its own job when the batch size is 1', () => {
    expect(relayGroups(['8', '9'], 1, '')).toEqual([
      { name: 'send-notification', jobId: 'n-8', ids: ['8'] },
      { name: 'send-notification', jobId: 'n-9', ids: ['9'] },
    ]);
  });

  it('re-adds stale rows under the job id recorded on them, named by how many rows are left', () => {
    expect(sendJobOf('nb-3-2', ['5', '6'])).toEqual({ name: 'send-notifications', jobId: 'nb-3-2', ids: ['5', '6'] });
    expect(sendJobOf('nb-3-2', ['6'])).toEqual({ name: 'send-notification', jobId: 'nb-3-2', ids: ['6'] });
    expect(sendJobOf('n-7', ['7'])).toEqual({ name: 'send-notification', jobId: 'n-7', ids: ['7'] });
  });
});

describe('staleSendJob', () => {
  it('re-adds rows under the job recorded on them, or a row without one under its own job id', () => {
    expect(staleSendJob({ relay_job: 'nb-3-2', ids: ['5', '6'] })).toEqual(sendJobOf('nb-3-2', ['5', '6']));
    expect(staleSendJob({ relay_job: null, ids: ['41'] })).toEqual({
      name: 'send-notification',
      jobId: 'n-41',
      ids: ['41'],
    });
  });
});
