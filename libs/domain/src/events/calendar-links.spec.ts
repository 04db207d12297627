import { calendarLinks, compactUtc } from './calendar-links';

describe('calendar links', () => {
  const links = calendarLinks(
    {
      id: 'e1',
      title: 'Forum, Q&A; 東京 #1',
      description: 'Line one\nLine two',
      startsAt: new Date('2027-05-20T09:00:00Z'),
      endsAt: new Date('2027-05-20T10:30:00Z'),
    },
    'https://cohost.example/',
  );

  it('gives Google a TEMPLATE link with UTC dates', () => {
    const url = new URL(links.google);
    expect(url.host).toBe('calendar.google.com');
    expect(url.searchParams.get('action')).toBe('TEMPLATE');
    expect(url.searchParams.get('text')).toBe('Forum, Q&A; 東京 #1');
    expect(url.searchParams.get('dates')).toBe('20270520T090000Z/20270520T103000Z');
    expect(url.searchParams.get('details')).toBe('Line one\nLine two');
    expect(links.google).not.toContain('+');
  });

  it('gives Outlook on the web a compose deep link with ISO UTC times', () => {
    const url = new URL(links.outlook);
    expect(url.origin + url.pathname).toBe('https://outlook.live.com/calendar/0/deeplink/compose');
    expect(url.searchParams.get('subject')).toBe('Forum, Q&A; 東京 #1');
    expect(url.searchParams.get('startdt')).toBe('2027-05-20T09:00:00Z');
    expect(url.searchParams.get('enddt')).toBe('2027-05-20T10:30:00Z');
  });

  it('points ics at the public calendar file', () => {
    expect(links.ics).toBe('https://cohost.example/api/v1/events/e1/calendar.ics');
    expect(compactUtc(new Date('2027-01-02T03:04:05.678Z'))).toBe('20270102T030405Z');
  });
});
