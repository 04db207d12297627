import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateEventDto, UpdateEventDto } from '../../events/dto/event-input.dto';
import { blankForm, eventBody, formFieldOf, formFromEvent, readEventForm, toOffsetDateTime } from './event-form';

const filled = {
  ...blankForm('Asia/Tokyo'),
  titleEn: 'Cell therapy forum',
  titleJa: '細胞治療フォーラム',
  startsAt: '2030-05-20T18:00',
  endsAt: '2030-05-20T20:00',
  joinUrl: 'https://meet.example.org/j/1',
};

describe('event form', () => {
  it('reads local times on the wall clock of the event zone, with the offset of that day', () => {
    expect(toOffsetDateTime('2030-05-20T18:00', 'Asia/Tokyo')).toEqual({ iso: '2030-05-20T18:00:00+09:00' });
    expect(toOffsetDateTime('2030-07-01T11:00', 'Europe/Copenhagen')).toEqual({ iso: '2030-07-01T11:00:00+02:00' });
    expect(toOffsetDateTime('2030-01-10T11:00', 'Europe/Copenhagen')).toEqual({ iso: '2030-01-10T11:00:00+01:00' });
  });

  it('refuses a time the clocks skip (spring forward in Copenhagen) and anything that is not a local date-time', () => {
    expect(toOffsetDateTime('2030-03-31T02:30', 'Europe/Copenhagen')).toEqual({ problem: 'nonexistent' });
    for (const bad of ['', '2030-05-20', '2030-05-20 18:00', '2030-13-01T10:00', '2030-02-30T10:00', '18:00', 'x']) {
      expect(toOffsetDateTime(bad, 'Asia/Tokyo')).toEqual({ problem: 'invalid' });
    }
    expect(toOffsetDateTime('2030-05-20T18:00', 'Not/AZone')).toEqual({ problem: 'invalid' });
  });

  it('builds a body the API accepts for a new webinar, leaving empty optional fields out', async () => {
    const { body, problems } = eventBody(filled, 'create');
    expect(problems).toEqual({});
    expect(body).toMatchObject({
      title: { en: 'Cell therapy forum', ja: '細胞治療フォーラム' },
      startsAt: '2030-05-20T18:00:00+09:00',
      endsAt: '2030-05-20T20:00:00+09:00',
      capacity: null,
      reminders: ['P1D', 'PT1H'],
      visibility: 'public',
    });
    expect(body).not.toHaveProperty('registrationOpensAt');
    expect(body.description).toEqual({});
    const errors = await validate(plainToInstance(CreateEventDto, body), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    expect(errors).toEqual([]);
  });

  it('clears empty optional fields on an edit (null), as a PATCH does, and never sends the slug', async () => {
    const { body } = eventBody({ ...filled, titleJa: '', slug: 'changed' }, 'update');
    expect(body).toMatchObject({ title: { en: 'Cell therapy forum', ja: null }, registrationOpensAt: null });
    expect(body).not.toHaveProperty('slug');
    const errors = await validate(plainToInstance(UpdateEventDto, body), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    expect(errors).toEqual([]);
  });

  it('reports unreadable times per field and lets the DTO refuse the rest', async () => {
    const { body, problems } = eventBody(
      { ...filled, startsAt: '', endsAt: 'soon', capacity: 'many', joinUrl: 'http://x.example' },
      'create',
    );
    expect(problems).toEqual({ startsAt: 'invalid', endsAt: 'invalid' });
    const errors = await validate(plainToInstance(CreateEventDto, body), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    const fields = errors.map((e) => formFieldOf(e.property));
    expect(fields).toEqual(expect.arrayContaining(['startsAt', 'endsAt', 'capacity', 'joinUrl']));
  });

  it('takes ticked and typed reminders together', () => {
    const values = readEventForm({ ...filled, reminders: ['P1D', 'PT15M'], remindersOther: 'pt2h, P3D' });
    expect(eventBody(values, 'create').body.reminders).toEqual(['P1D', 'PT15M', 'PT2H', 'P3D']);
    expect(readEventForm({ reminders: 'PT1H' }).reminders).toEqual(['PT1H']);
  });

  it('reads the line breaks of titles and descriptions as LF, as the events service stores them', () => {
    const values = readEventForm({ titleEn: 'Line one\r\nline two', descriptionJa: '一\r二\r\n三' });
    expect(values.titleEn).toBe('Line one\nline two');
    expect(values.descriptionJa).toBe('一\n二\n三');
  });

  it('reads only strings from a posted body (arrays, objects and numbers become empty)', () => {
    const values = readEventForm({ titleEn: ['a', 'b'], titleJa: { x: 1 }, capacity: 5, waitlist: 'yes' });
    expect(values).toMatchObject({ titleEn: '', titleJa: '', capacity: '', waitlist: true });
    expect(readEventForm(null)).toMatchObject({ titleEn: '', reminders: [] });
  });

  it('shows an event in its own zone, with the reminders that are not presets in "other"', () => {
    const form = formFromEvent({
      titleEn: 'A',
      titleJa: null,
      descriptionEn: null,
      descriptionJa: '説明',
      slug: 'a',
      timezone: 'Europe/Copenhagen',
      startsAt: new Date('2030-07-01T09:00:00Z'),
      endsAt: new Date('2030-07-01T10:30:00Z'),
      capacity: 40,
      waitlist: true,
      registrationOpensAt: null,
      registrationClosesAt: new Date('2030-07-01T08:00:00Z'),
      visibility: 'invite_only',
      audience: 'members',
      seatsPerOrganization: 3,
      joinUrl: 'https://x.example',
      joinWindowMinutes: 30,
      reminders: ['P1D', 'PT2H'],
      recordingUrl: 'https://video.example.org/rec/1',
      recordingPublic: true,
    });
    expect(form).toMatchObject({
      titleJa: '',
      startsAt: '2030-07-01T11:00',
      endsAt: '2030-07-01T12:30',
      registrationClosesAt: '2030-07-01T10:00',
      capacity: '40',
      reminders: ['P1D'],
      remindersOther: 'PT2H',
      audience: 'members',
      seatsPerOrganization: '3',
      joinWindowMinutes: '30',
      recordingUrl: 'https://video.example.org/rec/1',
      recordingPublic: true,
    });
  });

  it('sends the recording on an edit only (empty removes it), as the API takes it', async () => {
    expect(eventBody({ ...filled, recordingUrl: 'https://v.example/1' }, 'create').body).not.toHaveProperty(
      'recordingUrl',
    );
    expect(eventBody(filled, 'update').body).toMatchObject({ recordingUrl: null, recordingPublic: false });
    const values = readEventForm({ ...filled, recordingUrl: ' https://v.example/1 ', recordingPublic: 'yes' });
    expect(eventBody(values, 'update').body).toMatchObject({
      recordingUrl: 'https://v.example/1',
      recordingPublic: true,
    });
    const { body } = eventBody({ ...filled, recordingUrl: 'http://v.example/1' }, 'update');
    const errors = await validate(plainToInstance(UpdateEventDto, body), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    expect(errors.map((e) => formFieldOf(e.property))).toEqual(['recordingUrl']);
  });

  it('sends audience, seats per organization and the join window; the DTO refuses what is not a number in range', async () => {
    const ok = eventBody(
      readEventForm({ ...filled, audience: 'members', seatsPerOrganization: ' 4 ', joinWindowMinutes: '0' }),
      'create',
    );
    expect(ok.body).toMatchObject({ audience: 'members', seatsPerOrganization: 4, joinWindowMinutes: 0 });
    const dtoFields = async (values: Partial<typeof filled>, mode: 'create' | 'update') => {
      const { body } = eventBody({ ...filled, ...values }, mode);
      const dto: object =
        mode === 'create' ? plainToInstance(CreateEventDto, body) : plainToInstance(UpdateEventDto, body);
      const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
      return errors.map((e) => formFieldOf(e.property));
    };
    expect(
      await dtoFields({ audience: 'members', seatsPerOrganization: '4', joinWindowMinutes: '60' }, 'update'),
    ).toEqual([]);
    // Empty seats: no cap (null clears it on an edit); the blank form's join window is the API's default.
    expect(eventBody(filled, 'update').body).toMatchObject({ seatsPerOrganization: null, joinWindowMinutes: 15 });
    for (const mode of ['create', 'update'] as const) {
      for (const bad of ['-1', '0', '1000001', '99999999999999999999', 'three', '2.5']) {
        expect([bad, await dtoFields({ seatsPerOrganization: bad }, mode)]).toEqual([bad, ['seatsPerOrganization']]);
      }
      for (const bad of ['-1', '1441', '99999999999999999999', 'soon', '1.5', '', '  ']) {
        expect([bad, await dtoFields({ joinWindowMinutes: bad }, mode)]).toEqual([bad, ['joinWindowMinutes']]);
      }
      for (const bad of ['', 'everyone', 'MEMBERS']) {
        expect([bad, await dtoFields({ audience: bad }, mode)]).toEqual([bad, ['audience']]);
      }
    }
  });

  it('maps validation paths to form fields', () => {
    expect(
      ['title', 'title.en', 'title.ja', 'description.ja', 'reminders.0', 'joinUrl', 'nope'].map(formFieldOf),
    ).toEqual(['titleEn', 'titleEn', 'titleJa', 'descriptionJa', 'reminders', 'joinUrl', undefined]);
  });
});
