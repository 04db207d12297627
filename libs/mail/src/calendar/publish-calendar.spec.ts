import { expectWellFormedLines, parseCalendar, properties, unfold } from '../testing/ical-assertions';
import { calendarUid } from './calendar-uid';
import { buildPublishCalendar, type PublicCalendarEvent } from './publish-calendar';

function event(overrides: Partial<PublicCalendarEvent> = {}): PublicCalendarEvent {
  return {
    id: 'e1',
    sequence: 2,
    status: 'published',
    title: { en: 'RNA symposium', ja: 'RNAシンポジウム' },
    description: { en: 'Talks.', ja: '講演。' },
    startsAt: new Date('2026-12-10T09:00:00Z'),
    endsAt: new Date('2026-12-10T11:00:00Z'),
    host: { name: { en: 'Hub Tokyo', ja: 'ハブ東京' } },
    cohosts: [{ name: { en: 'Embassy of Denmark' } }],
    url: 'https://cohost.example/events/rna',
    ...overrides,
  };
}

describe('buildPublishCalendar', () => {
  const stamp = new Date('2026-11-25T10:00:00Z');

  it('publishes one event with its UID, sequence, UTC times, no organizer, attendee or join link', () => {
    const text = buildPublishCalendar([event()], { name: 'RNA symposium', lang: 'en', stamp });
    expectWellFormedLines(text);
    const parsed = parseCalendar(text);
    expect(parsed.method).toBe('PUBLISH');
    expect(parsed.events).toEqual([
      expect.objectContaining({
        uid: calendarUid('e1'),
        sequence: 2,
        start: new Date('2026-12-10T09:00:00Z'),
        end: new Date('2026-12-10T11:00:00Z'),
        dtstamp: stamp,
        summary: 'RNA symposium',
        status: 'CONFIRMED',
      }),
    ]);
    expect(properties(text, 'DTSTAMP')).toEqual(['DTSTAMP:20261125T100000Z']);
    expect(properties(text, 'ATTENDEE')).toEqual([]);
    expect(properties(text, 'ORGANIZER')).toEqual([]);
    expect(properties(text, 'X-WR-CALNAME')).toEqual(['X-WR-CALNAME:RNA symposium']);
    expect(unfold(text).join('\n')).toContain('Hosted by Hub Tokyo');
  });

  it('lists many events in the requested language, keeps cancelled ones as CANCELLED and leaves drafts out', () => {
    const text = buildPublishCalendar(
      [event(), event({ id: 'e2', status: 'cancelled', sequence: 5 }), event({ id: 'e3', status: 'draft' })],
      { name: 'ハブ東京のイベント', lang: 'ja', stamp },
    );
    const parsed = parseCalendar(text);
    expect(parsed.events.map((e) => [e.uid, e.summary, e.status, e.sequence])).toEqual([
      [calendarUid('e1'), 'RNAシンポジウム', 'CONFIRMED', 2],
      [calendarUid('e2'), 'RNAシンポジウム', 'CANCELLED', 5],
    ]);
    expect(unfold(text).join('\n')).toContain('主催: ハブ東京');
  });

  it('falls back to the other language and escapes user text', () => {
    const title = 'Only English, with; a\r\nEND:VCALENDAR';
    const text = buildPublishCalendar([event({ title: { en: title } })], { name: 'x\r\ny', lang: 'ja', stamp });
    expectWellFormedLines(text);
    expect(unfold(text).filter((l) => l === 'END:VCALENDAR')).toHaveLength(1);
    expect(parseCalendar(text).events[0].summary).toBe('Only English, with; a\nEND:VCALENDAR');
  });

  it('is byte-identical for the same input and stamp (cacheable, ETag-friendly)', () => {
    const a = buildPublishCalendar([event()], { name: 'n', lang: 'en', stamp });
    expect(buildPublishCalendar([event()], { name: 'n', lang: 'en', stamp })).toBe(a);
  });

  it('produces an empty but valid calendar for no events', () => {
    const text = buildPublishCalendar([], { name: 'Empty', lang: 'en', stamp });
    expect(unfold(text)).toEqual(expect.arrayContaining(['BEGIN:VCALENDAR', 'METHOD:PUBLISH', 'END:VCALENDAR']));
    expect(parseCalendar(text).events).toEqual([]);
  });
});

describe('buildPublishCalendar calendar name', () => {
  it('writes name and description on one escaped line', () => {
    const text = buildPublishCalendar([], {
      name: 'Hub, events; all\r\nBEGIN:VEVENT',
      description: 'a\\b',
      lang: 'en',
      stamp: new Date(0),
    });
    expect(properties(text, 'X-WR-CALNAME')).toEqual(['X-WR-CALNAME:Hub\\, events\\; all BEGIN:VEVENT']);
    expect(properties(text, 'X-WR-CALDESC')).toEqual(['X-WR-CALDESC:a\\\\b']);
    expect(unfold(text)).not.toContain('BEGIN:VEVENT');
  });
});
