import { ConflictError, InvalidInputError } from '../errors';
import { EditableEvent, EventPatch, planEventUpdate } from './event-update';

const now = new Date('2027-05-01T00:00:00Z');
const event = (overrides: Partial<EditableEvent> = {}): EditableEvent => ({
  status: 'published',
  sequence: 2,
  titleEn: 'Forum',
  titleJa: null,
  descriptionEn: 'About',
  descriptionJa: null,
  startsAt: new Date('2027-05-20T09:00:00Z'),
  endsAt: new Date('2027-05-20T10:00:00Z'),
  registrationOpensAt: null,
  registrationClosesAt: null,
  timezone: 'Asia/Tokyo',
  joinUrl: 'https://meet.example.org/1',
  joinWindowMinutes: 15,
  recordingUrl: null,
  recordingPublic: false,
  capacity: 10,
  waitlist: true,
  visibility: 'public',
  audience: 'public',
  seatsPerOrganization: null,
  reminders: ['P1D'],
  confirmedCount: 4,
  waitlistedCount: 0,
  ...overrides,
});

const plan = (patch: EventPatch, overrides: Partial<EditableEvent> = {}) =>
  planEventUpdate(event(overrides), patch, now);

const codeOf = (patch: EventPatch, overrides: Partial<EditableEvent> = {}): string | null => {
  try {
    plan(patch, overrides);
    return null;
  } catch (error) {
    return (error as InvalidInputError).code;
  }
};

describe('planEventUpdate', () => {
  it('keeps every field a PATCH leaves out, and neither bumps the sequence nor notifies', () => {
    const result = plan({});
    const { status: _s, confirmedCount: _c, waitlistedCount: _w, ...fields } = event();
    expect(result.patch).toEqual(fields);
    expect(result).toMatchObject({ change: 'details', changed: [], sequence: 2, notifications: [], promote: false });
  });

  it('sets, removes (null) and normalises the languages of title and description', () => {
    const result = plan({ title: { ja: 'フォーラム\r\n第2回' }, description: { en: null } });
    expect(result.patch).toMatchObject({
      titleEn: 'Forum',
      titleJa: 'フォーラム\n第2回',
      descriptionEn: null,
      descriptionJa: null,
    });
    expect(result.changed).toEqual(['title.ja']);
  });

  it('a reschedule of a published event: sequence +1, the previous facts in one event.updated notification', () => {
    const result = plan({ startsAt: '2027-05-21T18:00:00+09:00', endsAt: '2027-05-21T19:00:00+09:00' });
    expect(result.change).toBe('reschedule');
    expect(result.changed).toEqual(['startsAt', 'endsAt']);
    expect(result.sequence).toBe(3);
    expect(result.patch.sequence).toBe(3);
    expect(result.patch.startsAt).toEqual(new Date('2027-05-21T09:00:00Z'));
    expect(result.notifications).toEqual([
      {
        kind: 'event.updated',
        data: {
          previous: {
            startsAt: '2027-05-20T09:00:00.000Z',
            endsAt: '2027-05-20T10:00:00.000Z',
            title: { en: 'Forum', ja: null },
          },
          changed: ['startsAt', 'endsAt'],
        },
      },
    ]);
  });

  it('a new title is a calendar change; the join link, description, capacity, reminders are details', () => {
    // Personal join links follow the meeting URL: a new one is no calendar news and emails nobody.
    expect(plan({ joinUrl: 'https://meet.example.org/2' })).toMatchObject({
      change: 'details',
      sequence: 2,
      notifications: [],
      patch: { joinUrl: 'https://meet.example.org/2' },
    });
    expect(plan({ title: { en: 'Forum 2' } })).toMatchObject({ change: 'calendar', sequence: 3 });
    expect(plan({ recordingUrl: 'https://video.example.org/1', recordingPublic: true })).toMatchObject({
      change: 'details',
      sequence: 2,
      patch: { recordingUrl: 'https://video.example.org/1', recordingPublic: true },
    });
    expect(plan({ recordingUrl: null }, { recordingUrl: 'https://video.example.org/1' }).patch.recordingUrl).toBeNull();
    const details = plan({ description: { ja: '説明' }, capacity: 20, reminders: ['PT1H'], waitlist: false });
    expect(details).toMatchObject({ change: 'details', sequence: 2, notifications: [] });
  });

  it('a draft changes without a sequence bump or notification (nobody holds it in a calendar)', () => {
    const result = plan({ startsAt: '2027-05-22T09:00:00Z', endsAt: '2027-05-22T10:00:00Z' }, { status: 'draft' });
    expect(result).toMatchObject({ change: 'reschedule', sequence: 2, notifications: [] });
  });

  it('promotes when capacity is raised or removed while people wait, not otherwise', () => {
    expect(plan({ capacity: 12 }, { waitlistedCount: 3 }).promote).toBe(true);
    expect(plan({ capacity: null }, { waitlistedCount: 3 }).promote).toBe(true);
    expect(plan({ capacity: 12 }).promote).toBe(false);
    expect(plan({ capacity: 10 }, { waitlistedCount: 3 }).promote).toBe(false);
    expect(plan({ capacity: 8 }, { waitlistedCount: 3 }).promote).toBe(false);
    expect(plan({ capacity: 12 }, { capacity: null, waitlistedCount: 3 }).promote).toBe(false);
    expect(plan({ title: { en: 'x' } }, { waitlistedCount: 3 }).promote).toBe(false);
  });

  it('clears the registration window with null and keeps it when absent', () => {
    const window = { registrationOpensAt: new Date('2027-05-10T00:00:00Z') };
    expect(plan({}, window).patch.registrationOpensAt).toEqual(window.registrationOpensAt);
    expect(plan({ registrationOpensAt: null }, window).patch.registrationOpensAt).toBeNull();
    expect(plan({ registrationClosesAt: '2027-05-20T09:30:00Z' }).patch.registrationClosesAt).toEqual(
      new Date('2027-05-20T09:30:00Z'),
    );
  });

  it('refuses, with the codes the API answers, in this order', () => {
    expect(() => plan({}, { status: 'cancelled' })).toThrow(ConflictError);
    expect(codeOf({ startsAt: 'nonsense' }, { status: 'cancelled' })).toBe('EVENT_CANCELLED');
    expect(codeOf({ title: { en: null } })).toBe('EVENT_TITLE_REQUIRED');
    expect(codeOf({ title: { en: null }, startsAt: 'nonsense' })).toBe('EVENT_TITLE_REQUIRED');
    expect(codeOf({ startsAt: '2027-05-20 09:00' })).toBe('INVALID_DATE_TIME');
    expect(codeOf({ registrationClosesAt: 'tomorrow' })).toBe('INVALID_DATE_TIME');
    expect(codeOf({ endsAt: '2027-05-20T08:00:00Z' })).toBe('EVENT_TIME_ORDER');
    expect(codeOf({ startsAt: '2027-04-30T09:00:00Z', endsAt: '2027-04-30T10:00:00Z' })).toBe('EVENT_IN_PAST');
    expect(codeOf({ reminders: ['P1M'] })).toBe('EVENT_REMINDER_DURATION');
    expect(codeOf({ capacity: 3 })).toBe('EVENT_CAPACITY_BELOW_CONFIRMED');
    expect(codeOf({ capacity: 4 })).toBeNull();
  });

  it('lets an event that already started be edited when its start does not move', () => {
    const started = { startsAt: new Date('2027-04-30T23:00:00Z'), endsAt: new Date('2027-05-01T01:00:00Z') };
    expect(codeOf({ title: { en: 'Renamed' } }, started)).toBeNull();
    expect(codeOf({ startsAt: '2027-04-30T23:30:00Z' }, started)).toBe('EVENT_IN_PAST');
  });
});

describe('planEventUpdate: audience and the per-organization cap', () => {
  it('writes both with the other fields: absent keeps them, a value sets them, null removes the cap', () => {
    expect(plan({}, { audience: 'members', seatsPerOrganization: 3 }).patch).toMatchObject({
      audience: 'members',
      seatsPerOrganization: 3,
    });
    expect(plan({ audience: 'members', seatsPerOrganization: 2 }).patch).toMatchObject({
      audience: 'members',
      seatsPerOrganization: 2,
    });
    expect(plan({ seatsPerOrganization: null }, { seatsPerOrganization: 3 }).patch.seatsPerOrganization).toBeNull();
  });

  it('is a details change: no sequence bump, no email', () => {
    const p = plan({ audience: 'members', seatsPerOrganization: 2 });
    expect(p.change).toBe('details');
    expect(p.sequence).toBe(2);
    expect(p.notifications).toEqual([]);
  });

  it('promotes when the per-organization cap changes, either way, and not when it stays', () => {
    expect(plan({ seatsPerOrganization: 3 }, { seatsPerOrganization: 2 }).promote).toBe(true);
    expect(plan({ seatsPerOrganization: 1 }, { seatsPerOrganization: 2 }).promote).toBe(true);
    expect(plan({ seatsPerOrganization: null }, { seatsPerOrganization: 2 }).promote).toBe(true);
    expect(plan({ seatsPerOrganization: 2 }, { seatsPerOrganization: 2 }).promote).toBe(false);
    expect(plan({ audience: 'members' }, { seatsPerOrganization: 2 }).promote).toBe(false);
  });
});
