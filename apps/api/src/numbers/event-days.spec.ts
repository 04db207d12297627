import { dailySeries, dayIn, daysFromTo } from './event-days';

describe('event days', () => {
  it('reads the day on the zone given, not the server clock', () => {
    const at = new Date('2026-12-01T16:30:00Z');
    expect(dayIn(at, 'Asia/Tokyo')).toBe('2026-12-02');
    expect(dayIn(at, 'America/Los_Angeles')).toBe('2026-12-01');
  });

  it('lists days inclusively across month ends and DST changes', () => {
    expect(daysFromTo('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(daysFromTo('2026-03-07', '2026-03-09')).toHaveLength(3);
    expect(daysFromTo('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('fills zero days from publishing to the end of registration', () => {
    const series = dailySeries([{ day: '2026-12-03', confirmed: 2, waitlisted: 1 }], {
      publishedAt: new Date('2026-11-30T15:10:00Z'),
      until: new Date('2026-12-04T00:00:00Z'),
      zone: 'Asia/Tokyo',
    });
    expect(series).toEqual([
      { day: '2026-12-01', confirmed: 0, waitlisted: 0 },
      { day: '2026-12-02', confirmed: 0, waitlisted: 0 },
      { day: '2026-12-03', confirmed: 2, waitlisted: 1 },
      { day: '2026-12-04', confirmed: 0, waitlisted: 0 },
    ]);
  });

  it('stretches to registrations outside the window (made before publishing, or after closing)', () => {
    const series = dailySeries(
      [
        { day: '2026-11-28', confirmed: 1, waitlisted: 0 },
        { day: '2026-12-05', confirmed: 0, waitlisted: 3 },
      ],
      { publishedAt: new Date('2026-12-01T00:00:00Z'), until: new Date('2026-12-02T00:00:00Z'), zone: 'UTC' },
    );
    expect(series.map((d) => d.day)).toEqual(daysFromTo('2026-11-28', '2026-12-05'));
    expect(series.reduce((s, d) => s + d.confirmed + d.waitlisted, 0)).toBe(4);
  });

  it('is one day when published, registered and closed on the same day', () => {
    const at = new Date('2026-12-01T03:00:00Z');
    expect(dailySeries([], { publishedAt: at, until: at, zone: 'UTC' })).toEqual([
      { day: '2026-12-01', confirmed: 0, waitlisted: 0 },
    ]);
  });
});
