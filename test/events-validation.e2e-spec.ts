import type { CreateEventDto } from '../apps/api/src/events/dto/event-input.dto';
import { ApiHarness, startApi } from './support/api-harness';
import { createOrganizer, createPartner, TestOrganizer } from './support/factories';
import { createEvent, futureSpan } from './support/events';

describe('event input validation: 400/422 with field messages, never 500', () => {
  let api: ApiHarness;
  let organizer: TestOrganizer;

  beforeAll(async () => {
    api = await startApi();
    organizer = await createOrganizer(api, await createPartner(api));
  });
  afterAll(() => api.close());

  const valid = (): CreateEventDto => ({
    title: { en: 'Valid' },
    ...futureSpan(20),
    timezone: 'Asia/Tokyo',
    joinUrl: 'https://meet.example.org/j/1',
  });

  const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
    [
      'endsAt before startsAt',
      { startsAt: '2027-05-20T10:00:00Z', endsAt: '2027-05-20T09:00:00Z' },
      400,
      /endsAt .* must be after startsAt/,
    ],
    [
      'endsAt equal to startsAt',
      { startsAt: '2027-05-20T10:00:00Z', endsAt: '2027-05-20T10:00:00Z' },
      400,
      /must be after startsAt/,
    ],
    [
      'startsAt without offset',
      { startsAt: '2027-05-20T10:00:00' },
      400,
      /startsAt must be an ISO 8601 date-time with an offset/,
    ],
    ['startsAt not a date', { startsAt: 'tomorrow' }, 400, /startsAt must be an ISO 8601/],
    ['impossible date', { startsAt: '2027-02-30T10:00:00+09:00' }, 400, /startsAt must be an ISO 8601/],
    [
      'startsAt in the past',
      { startsAt: '2020-05-20T10:00:00Z', endsAt: '2020-05-20T11:00:00Z' },
      400,
      /must be in the future/,
    ],
    ['non-https joinUrl', { joinUrl: 'http://meet.example.org/j/1' }, 400, /joinUrl must be an https:\/\/ URL/],
    ['javascript joinUrl', { joinUrl: 'javascript:alert(1)' }, 400, /joinUrl must be an https:\/\/ URL/],
    ['unknown timezone', { timezone: 'Mars/Olympus' }, 400, /timezone must be an IANA time zone/],
    ['bad duration', { reminders: ['1 day'] }, 400, /reminders must hold ISO 8601 durations/],
    ['month duration', { reminders: ['P1M'] }, 400, /reminders must hold ISO 8601 durations/],
    ['too long reminder', { reminders: ['P60D'] }, 400, /between 1 minute .* and 30 days/],
    ['both titles empty', { title: { en: '', ja: '' } }, 400, /title needs at least one of en or ja/],
    ['no title at all', { title: {} }, 400, /title needs at least one of en or ja/],
    ['blank title', { title: { en: '   ' } }, 400, /title.en must not be empty/],
    ['control character in title', { title: { en: 'a\u0007b' } }, 400, /title.en must not contain control characters/],
    ['zero capacity', { capacity: 0 }, 400, /capacity must not be less than 1/],
    ['fractional capacity', { capacity: 2.5 }, 400, /capacity must be an integer/],
    ['bad visibility', { visibility: 'secret' }, 400, /visibility must be public or invite_only/],
    ['unknown field', { colour: 'red' }, 400, /property colour should not exist/],
    [
      'registration closing after the end',
      { ...futureSpan(20), registrationClosesAt: futureSpan(21).startsAt },
      400,
      /registrationClosesAt .* must not be after endsAt/,
    ],
    [
      'registration opening after the start',
      { ...futureSpan(20), registrationOpensAt: futureSpan(20, 10).endsAt },
      400,
      /registrationOpensAt .* must be before startsAt/,
    ],
    ['bad slug', { slug: 'Not A Slug' }, 400, /slug must be lower-case/],
  ];

  it.each(cases)('%s', async (_name, override, status, message) => {
    const res = await api.http
      .post('/api/v1/events')
      .set(organizer.headers)
      .send({ ...valid(), ...override });
    expect(res.status).toBe(status);
    expect(res.body.statusCode).toBe(status);
    const text = Array.isArray(res.body.message) ? res.body.message.join('\n') : res.body.message;
    expect(text).toMatch(message);
  });

  it('reports field paths for validation errors', async () => {
    const res = await api.http
      .post('/api/v1/events')
      .set(organizer.headers)
      .send({ ...valid(), joinUrl: 'ftp://x', startsAt: '2027-05-20 10:00' })
      .expect(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['joinUrl', 'startsAt']);
  });

  it('rejects an unknown co-host partner with 422, and bad ids and slugs with 404, never 500', async () => {
    const event = await createEvent(api, organizer);
    const res = await api.http
      .post(`/api/v1/events/${event.id}/cohosts`)
      .set(organizer.headers)
      .send({ partner: 'nobody-here' })
      .expect(422);
    expect(res.body.message).toContain('nobody-here');
    await api.http.get('/api/v1/events/00000000-0000-0000-0000-000000000000').expect(404);
    await api.http.get('/api/v1/events/not-a-uuid-nor-slug!').expect(404);
    await api.http.patch('/api/v1/events/nope').set(organizer.headers).send({ capacity: 3 }).expect(404);
  });

  it('validates PATCH bodies the same way, and a taken slug is 409', async () => {
    const event = await createEvent(api, organizer, { slug: 'taken-slug' });
    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(organizer.headers)
      .send({ endsAt: event.startsAt })
      .expect(400);
    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(organizer.headers)
      .send({ joinUrl: 'http://x.org' })
      .expect(400);
    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(organizer.headers)
      .send({ reminders: ['PXD'] })
      .expect(400);
    await api.http.patch(`/api/v1/events/${event.id}`).set(organizer.headers).send({ slug: 'new' }).expect(400);
    const dup = await api.http
      .post('/api/v1/events')
      .set(organizer.headers)
      .send({ ...valid(), slug: 'taken-slug' })
      .expect(409);
    expect(dup.body.code).toBe('EVENT_SLUG_TAKEN');
  });

  it('normalises CR/LF in titles to LF and keeps Japanese text as given', async () => {
    const event = await createEvent(api, organizer, { title: { en: 'A, B; C \\ D\r\nE', ja: '日本語のタイトル' } });
    expect(event.title).toEqual({ en: 'A, B; C \\ D\nE', ja: '日本語のタイトル' });
    expect(event.slug).toMatch(/^a-b-c-d-e(-\d+)?$/);
  });
});
