import { DateTime } from 'luxon';
import { offsetMillis, pendingReminders, reminderFireTimes } from './reminder-schedule';

describe('reminder schedule', () => {
  it('fires P1D exactly 24 hours before a start across the end of CEST', () => {
    // CEST ends on Sunday 2026-10-25 at 03:00 local (01:00 UTC) in Copenhagen.
    const start = DateTime.fromISO('2026-10-25T10:00', { zone: 'Europe/Copenhagen' });
    expect(start.offset).toBe(60); // CET
    const [p1d] = reminderFireTimes(start.toJSDate(), ['P1D']);
    expect(start.toMillis() - p1d.fireAt.getTime()).toBe(24 * 3600 * 1000);
    const local = DateTime.fromJSDate(p1d.fireAt, { zone: 'Europe/Copenhagen' });
    // The day before is still summer time: 24 hours earlier reads 11:00 CEST.
    expect(local.toISO()).toBe('2026-10-24T11:00:00.000+02:00');
    expect(p1d.fireAt.toISOString()).toBe('2026-10-24T09:00:00.000Z');
  });

  it('fires across the start of CEST and in Tokyo without drift', () => {
    const cph = DateTime.fromISO('2026-03-29T10:00', { zone: 'Europe/Copenhagen' }).toJSDate();
    expect(reminderFireTimes(cph, ['P1D'])[0].fireAt.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    const tokyo = DateTime.fromISO('2026-10-25T10:00', { zone: 'Asia/Tokyo' }).toJSDate();
    expect(reminderFireTimes(tokyo, ['PT1H'])[0].fireAt.toISOString()).toBe('2026-10-25T00:00:00.000Z');
  });

  it('orders, dedupes and ignores invalid or calendar-dependent offsets', () => {
    const start = new Date('2026-06-01T00:00:00Z');
    expect(
      reminderFireTimes(start, ['PT1H', 'P1D', 'PT1H', 'P1M', 'nonsense', 'PT0S', 'PT2S']).map((r) => r.offset),
    ).toEqual(['P1D', 'PT1H', 'PT2S']);
    expect(offsetMillis('P1W')).toBe(7 * 86400_000);
    expect(offsetMillis('PT90M')).toBe(5400_000);
    expect(offsetMillis('P1Y')).toBeNull();
    expect(offsetMillis('PT')).toBeNull();
  });

  it('drops reminders whose time passed, keeping a short grace', () => {
    const start = new Date('2026-06-01T12:00:00Z');
    const now = new Date('2026-06-01T11:30:00Z');
    expect(pendingReminders(start, ['P1D', 'PT1H', 'PT10M'], now).map((r) => r.offset)).toEqual(['PT10M']);
    const justLate = new Date('2026-06-01T11:00:30Z');
    expect(pendingReminders(start, ['PT1H'], justLate).map((r) => r.offset)).toEqual(['PT1H']);
  });
});
