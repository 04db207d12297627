import { calendarChanges, CalendarFacts, isReschedule, sequenceAfterEdit } from './event-changes';

const base: CalendarFacts = {
  startsAt: new Date('2027-05-20T09:00:00Z'),
  endsAt: new Date('2027-05-20T10:00:00Z'),
  title: { en: 'Forum', ja: null },
};

describe('calendar-relevant changes and sequence', () => {
  it('lists what changed among time and titles', () => {
    expect(calendarChanges(base, { ...base })).toEqual([]);
    expect(calendarChanges(base, { ...base, startsAt: new Date('2027-05-20T09:00:00.000Z') })).toEqual([]);
    expect(
      calendarChanges(base, {
        ...base,
        endsAt: new Date('2027-05-20T11:00:00Z'),
        title: { en: 'Forum', ja: 'フォーラム' },
      }),
    ).toEqual(['endsAt', 'title.ja']);
  });

  it('bumps by exactly one, only for published events with a calendar change', () => {
    expect(sequenceAfterEdit('published', 3, ['startsAt', 'endsAt'])).toBe(4);
    expect(sequenceAfterEdit('published', 3, [])).toBe(3);
    expect(sequenceAfterEdit('draft', 0, ['startsAt'])).toBe(0);
  });

  it('calls a change of start or end a reschedule', () => {
    expect(isReschedule(['endsAt'])).toBe(true);
    expect(isReschedule(['title.en', 'title.ja'])).toBe(false);
  });
});
