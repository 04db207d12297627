import { afterFailedAttempt, STANDARD_WEBHOOK_SCHEDULE_MS } from './webhook-retries';

const now = new Date('2026-12-03T10:00:00Z');
const base = {
  statusCode: 500,
  scheduleMs: STANDARD_WEBHOOK_SCHEDULE_MS,
  failingSince: now,
  now,
  disableAfterMs: 3 * 24 * 3600 * 1000,
  random: 0.5,
};

describe('webhook retries', () => {
  it('follow the Standard Webhooks schedule, then give up', () => {
    const delays = STANDARD_WEBHOOK_SCHEDULE_MS.map((_, i) => afterFailedAttempt({ ...base, attempt: i + 1 }));
    expect(delays).toEqual(STANDARD_WEBHOOK_SCHEDULE_MS.map((delayMs) => ({ next: 'retry', delayMs })));
    expect(afterFailedAttempt({ ...base, attempt: STANDARD_WEBHOOK_SCHEDULE_MS.length + 1 })).toEqual({
      next: 'give_up',
    });
  });

  it('spread each delay by at most 20 % either way', () => {
    expect(afterFailedAttempt({ ...base, attempt: 2, random: 0 })).toEqual({ next: 'retry', delayMs: 240_000 });
    expect(afterFailedAttempt({ ...base, attempt: 2, random: 0.99 })).toMatchObject({ delayMs: 358_800 });
  });

  it('disable on 410 Gone at once, and after three days of failures', () => {
    expect(afterFailedAttempt({ ...base, attempt: 1, statusCode: 410 })).toEqual({ next: 'disable', reason: 'gone' });
    const threeDaysAgo = new Date(now.getTime() - base.disableAfterMs);
    expect(afterFailedAttempt({ ...base, attempt: 3, statusCode: null, failingSince: threeDaysAgo })).toEqual({
      next: 'disable',
      reason: 'failing',
    });
    const almost = new Date(threeDaysAgo.getTime() + 1);
    expect(afterFailedAttempt({ ...base, attempt: 3, failingSince: almost })).toMatchObject({ next: 'retry' });
  });
});
