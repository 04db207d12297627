import { randomUUID } from 'node:crypto';
import { ApiHarness, startApi } from './support/api-harness';
import { BodyShape, deepObject, wrongValues, withField } from './support/body-shapes';
import { createEvent, futureSpan, publishEvent } from './support/events';
import { createAgreement, createOrganizer, createPartner, TestOrganizer, TestPartner } from './support/factories';
import { UNTHROTTLED } from './support/registrations';

/**
 * Issue 17 items 1 and 2: every required field of every JSON body, missing,
 * null, of a wrong type or deeply nested, is a 400 naming the field, never a
 * 500; and so is a body nested beyond reason, before anything walks it.
 */
describe('JSON bodies: wrong shapes are 400 with the field named, never 500', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let other: TestPartner;
  let organizer: TestOrganizer;
  let eventId: string;
  let cancelledEventId: string;
  let agreementId: string;
  const bodies: BodyShape[] = [];

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
    host = await createPartner(api);
    other = await createPartner(api, { country: 'DK', timezone: 'Europe/Copenhagen' });
    agreementId = (await createAgreement(api, host, other)).id;
    organizer = await createOrganizer(api, host);
    eventId = (await createEvent(api, organizer)).id;
    await publishEvent(api, organizer, eventId);
    // A body of the cancel route that is accepted cancels: it gets an event of its own.
    cancelledEventId = (await createEvent(api, organizer)).id;
    const admin = api.admin;
    const org = organizer.headers;
    const text = (required = true) => ({ type: 'string' as const, required });
    /** The event fields a POST and a PATCH take alike. */
    const settings: BodyShape['fields'] = {
      capacity: { type: 'number', nullable: true },
      waitlist: { type: 'boolean' },
      visibility: text(false),
      reminders: { type: 'array' },
      registrationOpensAt: { type: 'string', nullable: true },
      registrationClosesAt: { type: 'string', nullable: true },
    };
    bodies.push(
      {
        name: 'create partner',
        method: 'post',
        path: '/api/v1/partners',
        headers: admin,
        valid: () => ({
          slug: 'shape-partner',
          name: { en: 'Hub', ja: 'ハブ' },
          country: 'JP',
          timezone: 'Asia/Tokyo',
          contactEmail: 'a@hub.example',
        }),
        fields: {
          slug: text(),
          name: { type: 'object', required: true },
          'name.en': text(),
          'name.ja': text(false),
          country: text(),
          timezone: text(),
          contactEmail: text(),
        },
      },
      {
        name: 'create organizer',
        method: 'post',
        path: `/api/v1/partners/${host.slug}/organizers`,
        headers: admin,
        valid: () => ({ email: 'shape@example.org', name: 'Shape' }),
        fields: { email: text(), name: text() },
      },
      {
        name: 'create agreement',
        method: 'post',
        path: '/api/v1/agreements',
        headers: admin,
        valid: () => ({
          partners: [host.slug, other.slug],
          kind: 'MOU',
          signedOn: '2026-01-01',
          effectiveFrom: '2026-01-02',
        }),
        fields: {
          partners: { type: 'array', required: true },
          kind: text(),
          signedOn: text(),
          effectiveFrom: text(),
          expiresOn: text(false),
        },
      },
      {
        name: 'terminate agreement',
        method: 'post',
        path: `/api/v1/agreements/${agreementId}/terminate`,
        headers: admin,
        valid: () => ({ terminatedOn: '2030-01-01' }),
        fields: { terminatedOn: text() },
      },
      {
        name: 'create event',
        method: 'post',
        path: '/api/v1/events',
        headers: org,
        valid: () => ({
          title: { en: 'Shapes', ja: '形' },
          description: { en: 'd', ja: 'd' },
          ...futureSpan(20),
          timezone: 'Asia/Tokyo',
          joinUrl: 'https://meet.example.org/j/1',
        }),
        fields: {
          title: { type: 'object', required: true },
          'title.en': text(false),
          'title.ja': text(false),
          description: { type: 'object' },
          'description.en': text(false),
          'description.ja': text(false),
          slug: text(false),
          startsAt: text(),
          endsAt: text(),
          timezone: text(),
          joinUrl: text(),
          ...settings,
        },
      },
      {
        name: 'update event',
        method: 'patch',
        path: `/api/v1/events/${eventId}`,
        headers: org,
        valid: () => ({ title: { en: 'Renamed' }, description: { en: 'd' } }),
        fields: {
          title: { type: 'object' },
          'title.en': { type: 'string', nullable: true },
          'title.ja': { type: 'string', nullable: true },
          description: { type: 'object' },
          'description.en': { type: 'string', nullable: true },
          'description.ja': { type: 'string', nullable: true },
          startsAt: text(false),
          endsAt: text(false),
          timezone: text(false),
          joinUrl: text(false),
          ...settings,
        },
      },
      {
        name: 'cancel event',
        method: 'post',
        path: `/api/v1/events/${cancelledEventId}/cancel`,
        headers: org,
        valid: () => ({ reason: 'ill' }),
        fields: { reason: text(false) },
      },
      {
        name: 'invite co-host',
        method: 'post',
        path: `/api/v1/events/${eventId}/cohosts`,
        headers: org,
        valid: () => ({ partner: other.slug }),
        fields: { partner: text() },
      },
      {
        name: 'invite registrants',
        method: 'post',
        path: `/api/v1/events/${eventId}/invitations`,
        headers: org,
        valid: () => ({ emails: ['a@example.org'] }),
        fields: { emails: { type: 'array', required: true } },
      },
      {
        name: 'register',
        method: 'post',
        path: `/api/v1/events/${eventId}/registrations`,
        headers: {},
        valid: () => ({
          email: 'shape@example.org',
          name: 'Shape',
          organization: 'Org',
          locale: 'en',
          timezone: 'Asia/Tokyo',
          via: other.slug,
          consent: { shareWithCohosts: true },
        }),
        fields: {
          email: text(),
          name: text(),
          organization: text(),
          locale: text(false),
          timezone: text(false),
          via: text(false),
          consent: { type: 'object', required: true },
          'consent.shareWithCohosts': { type: 'boolean', required: true },
          invitationCode: text(false),
        },
      },
      {
        name: 'cancel registration',
        method: 'post',
        path: '/api/v1/registrations/cancel',
        headers: {},
        valid: () => ({ token: 'abc' }),
        fields: { token: text() },
      },
      {
        name: 'put questions',
        method: 'put',
        path: `/api/v1/events/${eventId}/questions`,
        headers: org,
        valid: () => ({
          questions: [
            { kind: 'short_text', label: { en: 'Role', ja: '役職' }, required: false, maxLength: 100 },
            { kind: 'single_choice', label: { en: 'Track' }, choices: [{ id: 'a', label: { en: 'A', ja: 'A' } }] },
          ],
        }),
        fields: {
          questions: { type: 'array', required: true },
          'questions.0.id': text(false),
          'questions.0.kind': text(),
          'questions.0.label': { type: 'object', required: true },
          'questions.0.label.en': text(false),
          'questions.0.label.ja': text(false),
          'questions.0.required': { type: 'boolean' },
          'questions.0.maxLength': { type: 'number' },
          'questions.1.choices': { type: 'array' },
          'questions.1.choices.0.id': text(false),
          'questions.1.choices.0.label': { type: 'object', required: true },
          'questions.1.choices.0.label.en': text(false),
        },
      },
      {
        name: 'create member organization',
        method: 'post',
        path: '/api/v1/member-organizations',
        headers: admin,
        valid: () => ({ name: { en: 'Kyoto Bio', ja: '京都バイオ' }, domains: ['kyoto-bio.example'] }),
        fields: {
          name: { type: 'object', required: true },
          'name.en': text(false),
          'name.ja': text(false),
          domains: { type: 'array', required: true },
        },
      },
      {
        name: 'update member organization',
        method: 'patch',
        path: `/api/v1/member-organizations/${randomUUID()}`,
        headers: admin,
        valid: () => ({ name: { en: 'Kyoto Bio' }, domains: ['kyoto-bio.example'] }),
        fields: {
          name: { type: 'object' },
          'name.en': text(false),
          'name.ja': text(false),
          domains: { type: 'array' },
        },
      },
      {
        name: 'import member organizations',
        method: 'post',
        path: '/api/v1/member-organizations/import',
        headers: admin,
        valid: () => ({ csv: 'name_en,name_ja,domains\nKyoto Bio,京都バイオ,kyoto-bio.example\n' }),
        fields: { csv: text() },
      },
      {
        name: 'create webhook endpoint',
        method: 'post',
        path: '/api/v1/webhooks/endpoints',
        headers: org,
        valid: () => ({ url: 'https://hooks.example.org/cohost', eventTypes: ['event.published'], enabled: true }),
        fields: { url: text(), eventTypes: { type: 'array', required: true }, enabled: { type: 'boolean' } },
      },
      {
        name: 'update webhook endpoint',
        method: 'patch',
        path: `/api/v1/webhooks/endpoints/${randomUUID()}`,
        headers: org,
        valid: () => ({ url: 'https://hooks.example.org/cohost', eventTypes: ['event.published'], enabled: false }),
        fields: { url: text(false), eventTypes: { type: 'array' }, enabled: { type: 'boolean' } },
      },
      {
        name: 'mark attendance',
        method: 'patch',
        path: `/api/v1/events/${eventId}/registrations/${randomUUID()}`,
        headers: org,
        valid: () => ({ attended: true }),
        fields: { attended: { type: 'boolean', required: true } },
      },
      {
        // JSON besides text/csv: either the report's text or a list of addresses.
        name: 'import attendance',
        method: 'post',
        path: `/api/v1/events/${eventId}/attendance`,
        headers: org,
        valid: () => ({ emails: ['a@example.org'] }),
        fields: { emails: { type: 'array' }, report: text(false) },
      },
      {
        name: 'send follow-up',
        method: 'post',
        path: `/api/v1/events/${eventId}/followup`,
        headers: org,
        valid: () => ({
          attendeeText: { en: 'Thanks', ja: 'ありがとう' },
          noShowText: { en: 'Missed you' },
          recordingUrl: 'https://video.example.org/rec/1',
          surveyUrl: 'https://forms.example.org/s/1',
          publishRecording: false,
        }),
        fields: {
          attendeeText: { type: 'object', required: true },
          'attendeeText.en': text(false),
          'attendeeText.ja': text(false),
          noShowText: { type: 'object', required: true },
          'noShowText.en': text(false),
          recordingUrl: text(false),
          surveyUrl: text(false),
          publishRecording: { type: 'boolean' },
        },
      },
      {
        name: 'retry notifications',
        method: 'post',
        path: `/api/v1/events/${eventId}/notifications/retry`,
        headers: org,
        valid: () => ({ ids: ['1'] }),
        fields: { ids: { type: 'array' } },
      },
      ...(['', '/preview'] as const).map((suffix): BodyShape => ({
        name: `announcement${suffix}`,
        method: 'post',
        path: `/api/v1/events/${eventId}/announcements${suffix}`,
        headers: org,
        valid: () => ({
          subject: { en: 'Room change', ja: '会場変更' },
          body: { en: 'Room 2.', ja: '2号室です。' },
          audience: 'confirmed',
        }),
        fields: {
          subject: { type: 'object', required: true },
          'subject.en': text(),
          'subject.ja': text(),
          body: { type: 'object', required: true },
          'body.en': text(),
          'body.ja': text(),
          audience: text(),
        },
      })),
      {
        name: 'erase a person',
        method: 'post',
        path: '/api/v1/erasures',
        headers: admin,
        valid: () => ({ email: 'erase-me@example.org' }),
        fields: { email: text() },
      },
    );
  });
  afterAll(() => api.close());

  const send = (body: BodyShape, payload: unknown) =>
    api.http[body.method](body.path)
      .set(body.headers)
      .set('content-type', 'application/json')
      .send(JSON.stringify(payload));

  it('every field of every body: each wrong shape is a 400 naming that field', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const body of bodies) {
      for (const [field, shape] of Object.entries(body.fields)) {
        for (const [label, value] of wrongValues(shape)) {
          const res = await send(body, withField(body.valid(), field, value));
          checked++;
          const fields = Object.keys((res.body as { fields?: Record<string, string[]> }).fields ?? {});
          const named = fields.some((key) => key === field || key.startsWith(`${field}.`));
          if (res.status !== 400 || !named) {
            failures.push(`${body.name}: ${field} ${label} -> ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(700);
  });

  it('a body that is not an object is a 400 on every route', async () => {
    const failures: string[] = [];
    for (const body of bodies) {
      for (const payload of [[], [body.valid()], 'text', 42, true, null]) {
        const res = await send(body, payload);
        if (res.status !== 400) failures.push(`${body.name}: ${JSON.stringify(payload)} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('nesting thousands deep, anywhere in any body, is a 400 before it is walked', async () => {
    const failures: string[] = [];
    for (const body of bodies) {
      const [first] = Object.keys(body.fields);
      const inField = (deep: string) => JSON.stringify(withField(body.valid(), first, 'DEEP')).replace('"DEEP"', deep);
      const raw = [
        '['.repeat(5000) + ']'.repeat(5000),
        '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
        inField('['.repeat(5000) + ']'.repeat(5000)),
        inField('{"a":'.repeat(3000) + '1' + '}'.repeat(3000)),
        // Just over the limit: 33 levels with the body itself.
        inField(JSON.stringify(deepObject(32))),
        // Unbalanced (never closed): still refused for its depth, not parsed at all.
        '['.repeat(100_000),
      ];
      for (const text of raw) {
        const res = await api.http[body.method](body.path)
          .set(body.headers)
          .set('content-type', 'application/json')
          .send(text);
        if (res.status !== 400 || res.body.code !== 'BODY_TOO_DEEP') {
          failures.push(`${body.name}: ${text.slice(0, 12)}... -> ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('brackets inside strings do not count as nesting', async () => {
    const res = await api.http.post(`/api/v1/events/${eventId}/registrations`).send({
      email: 'brackets@example.org',
      name: `[{"\\${'['.repeat(150)}`,
      organization: '{'.repeat(150),
      consent: { shareWithCohosts: false },
    });
    expect(res.status).toBe(201);
  });

  // supertest would JSON-encode a Buffer ({type: 'Buffer', data}); send the bytes as they are.
  const rawBytes = (bytes: Buffer) => bytes as unknown as string;

  it('a body that is not UTF-8 is refused, not stored with replacement characters', async () => {
    const valid = `{"email":"utf8-%N@example.org","name":"Ana XX","organization":"Org","consent":{"shareWithCohosts":true}}`;
    const broken: Array<[string, number[]]> = [
      ['a lone continuation byte', [0x80]],
      ['an invalid byte', [0xff]],
      ['a truncated sequence', [0xe6, 0x97]],
      ['an overlong slash', [0xc0, 0xaf]],
      ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
      ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ];
    for (const [index, [label, bytes]] of broken.entries()) {
      const [head, tail] = valid.replace('%N', String(index)).split('XX');
      const payload = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
      const res = await api.http
        .post(`/api/v1/events/${eventId}/registrations`)
        .set('content-type', 'application/json')
        .serialize(rawBytes)
        .send(payload);
      expect({ label, status: res.status, code: res.body.code }).toEqual({ label, status: 400, code: 'BODY_NOT_UTF8' });
    }
    const good = Buffer.from(valid.replace('%N', 'ok').replace('XX', 'Ølgaard 山田'), 'utf8');
    const res = await api.http
      .post(`/api/v1/events/${eventId}/registrations`)
      .set('content-type', 'application/json')
      .serialize(rawBytes)
      .send(good);
    expect(res.status).toBe(201);
  });
});
