import { ApiHarness, startApi } from './support/api-harness';
import { withField } from './support/body-shapes';
import { createEvent, futureSpan, publishEvent } from './support/events';
import { createOrganizer, createPartner, TestOrganizer, TestPartner } from './support/factories';
import { UNTHROTTLED } from './support/registrations';

/**
 * Issue 17 items 3 to 6: what is stored is what a person meant. Text with
 * control or direction characters, offsets no zone has, blank required
 * text and id-shaped slugs are refused; zone names and email addresses are
 * stored in one canonical form, so look-alike addresses are one person.
 */
describe('input is refused or canonicalised, never stored as sent', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let organizer: TestOrganizer;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
    host = await createPartner(api);
    organizer = await createOrganizer(api, host);
  });
  afterAll(() => api.close());

  const publishedEvent = async (overrides = {}) => {
    const event = await createEvent(api, organizer, overrides);
    await publishEvent(api, organizer, event.id);
    return event.id;
  };
  const registration = (email: string, extra: Record<string, unknown> = {}) => ({
    email,
    name: 'Ana',
    organization: 'Org',
    consent: { shareWithCohosts: true },
    ...extra,
  });
  const fieldsOf = (body: unknown) => Object.keys((body as { fields?: object }).fields ?? {});
  const listed = async (eventId: string) => {
    const res = await api.http.get(`/api/v1/events/${eventId}/registrations`).set(organizer.headers).expect(200);
    return res.body.items as Array<{ email: string; timezone: string }>;
  };

  describe('text fields', () => {
    /** Every text field of every body, with a valid body around it. */
    const textFields = async (): Promise<
      Array<{
        route: string;
        field: string;
        lines: boolean;
        send: (body: object) => Promise<{ status: number; body: unknown }>;
      }>
    > => {
      const eventId = await publishedEvent();
      const draft = await createEvent(api, organizer);
      const partnerBody = {
        slug: 'text-partner',
        name: { en: 'Hub', ja: 'ハブ' },
        country: 'JP',
        timezone: 'Asia/Tokyo',
        contactEmail: 'a@hub.example',
      };
      const eventBody = {
        title: { en: 'T', ja: 'T' },
        description: { en: 'D', ja: 'D' },
        ...futureSpan(15),
        timezone: 'Asia/Tokyo',
        joinUrl: 'https://meet.example.org/j/1',
      };
      const rows: Array<
        [string, string, boolean, object, (body: object) => Promise<{ status: number; body: unknown }>]
      > = [
        ['partner', 'name.en', false, partnerBody, (b) => api.http.post('/api/v1/partners').set(api.admin).send(b)],
        ['partner', 'name.ja', false, partnerBody, (b) => api.http.post('/api/v1/partners').set(api.admin).send(b)],
        [
          'organizer',
          'name',
          false,
          { email: 'text@example.org', name: 'N' },
          (b) => api.http.post(`/api/v1/partners/${host.slug}/organizers`).set(api.admin).send(b),
        ],
        ...(['title.en', 'title.ja', 'description.en', 'description.ja'] as const).map(
          (field) =>
            [
              'event',
              field,
              true,
              eventBody,
              (b: object) => api.http.post('/api/v1/events').set(organizer.headers).send(b),
            ] as [string, string, boolean, object, (body: object) => Promise<{ status: number; body: unknown }>],
        ),
        ...(['title.en', 'description.ja'] as const).map(
          (field) =>
            [
              'event patch',
              field,
              true,
              { title: { en: 'T' } },
              (b: object) => api.http.patch(`/api/v1/events/${draft.id}`).set(organizer.headers).send(b),
            ] as [string, string, boolean, object, (body: object) => Promise<{ status: number; body: unknown }>],
        ),
        [
          'event cancel',
          'reason',
          true,
          { reason: 'r' },
          (b) => api.http.post(`/api/v1/events/${draft.id}/cancel`).set(organizer.headers).send(b),
        ],
        [
          'registration',
          'name',
          false,
          registration('text@example.org'),
          (b) => api.http.post(`/api/v1/events/${eventId}/registrations`).send(b),
        ],
        [
          'registration',
          'organization',
          false,
          registration('text@example.org'),
          (b) => api.http.post(`/api/v1/events/${eventId}/registrations`).send(b),
        ],
      ];
      return rows.map(([route, field, lines, base, send]) => ({
        route,
        field,
        lines,
        send: (patch: object) =>
          send(withField(base as Record<string, unknown>, field, (patch as { value: unknown }).value)),
      }));
    };

    const refusedEverywhere: Array<[string, string]> = [
      ['NUL', '\u0000'],
      ['BEL', '\u0007'],
      ['ESC', '\u001b'],
      ['DEL', '\u007f'],
      ['C1 U+0080', '\u0080'],
      ['NEXT LINE U+0085', '\u0085'],
      ['C1 U+009F', '\u009f'],
      ['line separator', '\u2028'],
      ['paragraph separator', '\u2029'],
      ['LRE', '\u202a'],
      ['RLO', '\u202e'],
      ['LRI', '\u2066'],
      ['PDI', '\u2069'],
      ['LRM', '\u200e'],
      ['RLM', '\u200f'],
      ['BOM', '\ufeff'],
      ['lone high surrogate', '\ud800'],
      ['lone low surrogate', '\udfff'],
    ];

    it('every text field refuses control, C1, direction and broken characters (400 naming it)', async () => {
      const failures: string[] = [];
      for (const row of await textFields()) {
        const chars = row.lines ? refusedEverywhere : [...refusedEverywhere, ['LF', '\n'], ['CR', '\r'], ['TAB', '\t']];
        for (const [label, char] of chars) {
          const res = await row.send({ value: `Kyoto${char}Bio` });
          if (res.status !== 400 || !fieldsOf(res.body).includes(row.field)) {
            failures.push(`${row.route} ${row.field} ${label}: ${res.status}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('every required text field refuses blank values made of spaces of any kind', async () => {
      const eventId = await publishedEvent();
      const failures: string[] = [];
      for (const blank of ['', ' ', '    ', '\u3000\u3000', '\u00a0', '\u2003 ', '\u200b']) {
        const checks: Array<[string, () => Promise<{ status: number; body: unknown }>]> = [
          [
            'registration.organization',
            () =>
              api.http
                .post(`/api/v1/events/${eventId}/registrations`)
                .send(registration('blank@example.org', { organization: blank })),
          ],
          [
            'registration.name',
            () =>
              api.http
                .post(`/api/v1/events/${eventId}/registrations`)
                .send(registration('blank@example.org', { name: blank })),
          ],
          [
            'organizer.name',
            () =>
              api.http
                .post(`/api/v1/partners/${host.slug}/organizers`)
                .set(api.admin)
                .send({ email: 'blank@example.org', name: blank }),
          ],
          [
            'partner.name.en',
            () =>
              api.http
                .post('/api/v1/partners')
                .set(api.admin)
                .send({
                  slug: 'blank-partner',
                  name: { en: blank },
                  country: 'JP',
                  timezone: 'Asia/Tokyo',
                  contactEmail: 'a@hub.example',
                }),
          ],
          [
            'event.title.en',
            () =>
              api.http
                .post('/api/v1/events')
                .set(organizer.headers)
                .send({
                  title: { en: blank },
                  ...futureSpan(15),
                  timezone: 'Asia/Tokyo',
                  joinUrl: 'https://meet.example.org/j/1',
                }),
          ],
        ];
        for (const [label, send] of checks) {
          const res = await send();
          if (res.status !== 400) failures.push(`${label} ${JSON.stringify(blank)}: ${res.status}`);
        }
      }
      expect(failures).toEqual([]);
      expect(await listed(eventId)).toEqual([]);
    });
  });

  describe('date-times and zones', () => {
    const eventBody = (overrides: object = {}) => ({
      title: { en: 'Zones' },
      ...futureSpan(15),
      timezone: 'Asia/Tokyo',
      joinUrl: 'https://meet.example.org/j/1',
      ...overrides,
    });
    const at = (offset: string) => `${futureSpan(40).startsAt.slice(0, 19)}${offset}`;

    it('refuses offsets no zone has (beyond ±14:00, minutes over 59), everywhere a date-time is taken', async () => {
      const draft = await createEvent(api, organizer);
      for (const offset of ['+25:00', '-25:00', '+14:30', '-15:00', '+09:60', '+99:99']) {
        for (const field of ['startsAt', 'endsAt', 'registrationOpensAt', 'registrationClosesAt']) {
          const created = await api.http
            .post('/api/v1/events')
            .set(organizer.headers)
            .send(eventBody({ [field]: at(offset) }));
          expect({ offset, field, status: created.status, fields: fieldsOf(created.body) }).toEqual({
            offset,
            field,
            status: 400,
            fields: [field],
          });
          const patched = await api.http
            .patch(`/api/v1/events/${draft.id}`)
            .set(organizer.headers)
            .send({ [field]: at(offset) });
          expect({ offset, field, status: patched.status }).toEqual({ offset, field, status: 400 });
        }
        const listedRes = await api.http.get('/api/v1/events').query({ from: at(offset) });
        expect(listedRes.status).toBe(400);
      }
    });

    it('takes the real extremes, +14:00 and -12:00', async () => {
      const start = new Date(Date.now() + 40 * 86_400_000);
      start.setUTCHours(0, 0, 0, 0);
      const day = start.toISOString().slice(0, 10);
      const res = await api.http
        .post('/api/v1/events')
        .set(organizer.headers)
        .send(eventBody({ startsAt: `${day}T20:00:00+14:00`, endsAt: `${day}T20:00:00-12:00` }))
        .expect(201);
      expect(res.body.startsAt).toBe(`${day}T06:00:00.000Z`);
    });

    it('stores zone names canonically: any case, aliases, renamed zones', async () => {
      const cases: Array<[string, string]> = [
        ['asia/tokyo', 'Asia/Tokyo'],
        ['EUROPE/COPENHAGEN', 'Europe/Copenhagen'],
        ['Asia/Calcutta', 'Asia/Kolkata'],
        ['Europe/Kiev', 'Europe/Kyiv'],
        ['US/Eastern', 'America/New_York'],
        ['utc', 'UTC'],
      ];
      const eventId = await publishedEvent();
      for (const [index, [typed, stored]] of cases.entries()) {
        const partner = await api.http
          .post('/api/v1/partners')
          .set(api.admin)
          .send({
            slug: `zone-${index}`,
            name: { en: 'Z' },
            country: 'JP',
            timezone: typed,
            contactEmail: 'z@hub.example',
          })
          .expect(201);
        expect(partner.body.timezone).toBe(stored);
        const event = await api.http
          .post('/api/v1/events')
          .set(organizer.headers)
          .send(eventBody({ timezone: typed }))
          .expect(201);
        expect(event.body.timezone).toBe(stored);
        const patched = await api.http
          .patch(`/api/v1/events/${event.body.id}`)
          .set(organizer.headers)
          .send({ timezone: typed })
          .expect(200);
        expect(patched.body.timezone).toBe(stored);
        await api.http
          .post(`/api/v1/events/${eventId}/registrations`)
          .send(registration(`zone${index}@example.org`, { timezone: typed }))
          .expect(201);
      }
      const zones = Object.fromEntries((await listed(eventId)).map((r) => [r.email, r.timezone]));
      expect(zones).toEqual(Object.fromEntries(cases.map(([, stored], index) => [`zone${index}@example.org`, stored])));
    });

    it('refuses what is not a zone name', async () => {
      for (const zone of ['Mars/Olympus', '+09:00', 'Asia/Tokyo ', 'Tokyo', 'asia tokyo']) {
        const res = await api.http
          .post('/api/v1/events')
          .set(organizer.headers)
          .send(eventBody({ timezone: zone }));
        expect({ zone, status: res.status, fields: fieldsOf(res.body) }).toEqual({
          zone,
          status: 400,
          fields: ['timezone'],
        });
      }
    });
  });

  describe('email addresses', () => {
    it('look-alike spellings of one address are one registration (409), on the batched path too', async () => {
      const eventId = await publishedEvent();
      const register = (email: string) =>
        api.http.post(`/api/v1/events/${eventId}/registrations`).send(registration(email));
      const firsts = ['alice@example.org', 'jos\u00e9@example.org', 'anna@b\u00fccher.example', 'taro@\u4f8b\u3048.jp'];
      for (const email of firsts) expect((await register(email)).status).toBe(201);
      const lookAlikes = [
        'Alice@Example.ORG',
        '\uff41\uff4c\uff49\uff43\uff45\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff4f\uff52\uff47',
        'ALICE@example.org',
        'jose\u0301@example.org',
        'JOSE\u0301@EXAMPLE.ORG',
        'anna@xn--bcher-kva.example',
        'anna@B\u00dcCHER.example',
        'taro@xn--r8jz45g.jp',
        'taro@\u4f8b\u3048\u3002jp',
      ];
      for (const email of lookAlikes) {
        const res = await register(email);
        expect({ email, status: res.status, code: res.body.code }).toEqual({
          email,
          status: 409,
          code: 'REGISTRATION_EXISTS',
        });
      }
      // Concurrent look-alikes of a new address land in one batch: exactly one is registered.
      const burst = await Promise.all(
        [
          'bob@example.org',
          'BOB@example.org',
          '\uff42\uff4f\uff42@example.org',
          'bob@EXAMPLE.org',
          'Bob@Example.Org',
        ].map(register),
      );
      expect(burst.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      // Plus-addressing is a different address on purpose.
      expect((await register('alice+news@example.org')).status).toBe(201);
      expect((await listed(eventId)).map((r) => r.email).sort()).toEqual(
        [
          'alice+news@example.org',
          'alice@example.org',
          'anna@xn--bcher-kva.example',
          'bob@example.org',
          'jos\u00e9@example.org',
          'taro@xn--r8jz45g.jp',
        ].sort(),
      );
    });

    it('refuses invisible characters, stray accents and domains without a dot (400 naming the field)', async () => {
      const eventId = await publishedEvent();
      const refused = [
        'a\u00adlice@example.org',
        'ali\u200bce@example.org',
        'ali\u200dce@example.org',
        'alice\u2060@example.org',
        '\ufeffalice@example.org',
        'alice\u202e@example.org',
        'alice@exam\u00adple.org',
        '\u0301alice@example.org',
        'q\u0301@example.org',
        'alice@example',
        'alice@localhost',
        'alice@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45',
        'alice@127.0.0.1',
        '\uff02alice\uff02@example.org',
      ];
      for (const email of refused) {
        const res = await api.http.post(`/api/v1/events/${eventId}/registrations`).send(registration(email));
        expect({ email, status: res.status, fields: fieldsOf(res.body) }).toEqual({
          email,
          status: 400,
          fields: ['email'],
        });
      }
      expect(await listed(eventId)).toEqual([]);
    });

    it('invitations, organizers and partner contacts take the same normal form', async () => {
      const eventId = await publishedEvent({ visibility: 'invite_only' });
      const invited = await api.http
        .post(`/api/v1/events/${eventId}/invitations`)
        .set(organizer.headers)
        .send({ emails: ['Carol@Example.org', '\uff43\uff41\uff52\uff4f\uff4c@example.org', 'carol@EXAMPLE.ORG'] })
        .expect(202);
      expect(invited.body.invited).toBe(1);
      const badInvite = await api.http
        .post(`/api/v1/events/${eventId}/invitations`)
        .set(organizer.headers)
        .send({ emails: ['dave@example.org', 'da\u200bve@example.org'] });
      expect(badInvite.status).toBe(400);

      const partner = await createPartner(api);
      const first = await api.http
        .post(`/api/v1/partners/${partner.slug}/organizers`)
        .set(api.admin)
        .send({ email: 'Kenji@Hub.Example', name: 'Kenji' })
        .expect(201);
      expect(first.body.email).toBe('kenji@hub.example');
      const again = await api.http
        .post(`/api/v1/partners/${partner.slug}/organizers`)
        .set(api.admin)
        .send({ email: '\uff4b\uff45\uff4e\uff4a\uff49@hub.example', name: 'Kenji' });
      expect(again.status).toBe(409);

      const contact = await api.http
        .post('/api/v1/partners')
        .set(api.admin)
        .send({
          slug: 'contact-form',
          name: { en: 'C' },
          country: 'DK',
          timezone: 'Europe/Copenhagen',
          contactEmail: 'Events@B\u00fccher.Example',
        })
        .expect(201);
      expect(contact.body.contactEmail).toBe('events@xn--bcher-kva.example');
    });
  });

  describe('event slugs', () => {
    it('refuses slugs shaped like an event id, in any case', async () => {
      for (const slug of [
        '123e4567-e89b-12d3-a456-426614174000',
        '123E4567-E89B-12D3-A456-426614174000',
        '00000000-0000-0000-0000-000000000000',
      ]) {
        const res = await api.http
          .post('/api/v1/events')
          .set(organizer.headers)
          .send({
            title: { en: 'Slug' },
            slug,
            ...futureSpan(15),
            timezone: 'Asia/Tokyo',
            joinUrl: 'https://meet.example.org/j/1',
          });
        expect({ slug, status: res.status, fields: fieldsOf(res.body) }).toEqual({
          slug,
          status: 400,
          fields: ['slug'],
        });
      }
      const fine = await createEvent(api, organizer, { slug: 'event-123e4567-e89b-12d3-a456-426614174000' });
      expect(fine.slug).toBe('event-123e4567-e89b-12d3-a456-426614174000');
    });
  });
});
