import { unique } from '@cohost/testing';
import { ApiHarness, bearer, startApi } from './support/api-harness';
import { createAgreement, createOrganizer, createPartner } from './support/factories';

describe('partners, agreements and organizer tokens', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('lets the admin create two partners and an MOC between them', async () => {
    const hub = await createPartner(api, { name: { en: 'Tokyo Life Science Hub', ja: '東京ライフサイエンスハブ' } });
    const embassy = await createPartner(api, {
      name: { en: 'Royal Danish Embassy' },
      country: 'DK',
      timezone: 'Europe/Copenhagen',
    });

    const created = await api.http
      .post('/api/v1/agreements')
      .set(api.admin)
      .send({ partners: [hub.slug, embassy.slug], kind: 'MOC', signedOn: '2026-03-01', effectiveFrom: '2026-04-01' })
      .expect(201);
    expect(created.body).toMatchObject({
      kind: 'MOC',
      effectiveFrom: '2026-04-01',
      expiresOn: null,
      terminatedOn: null,
      active: true,
      partners: [
        { slug: hub.slug, name: { en: 'Tokyo Life Science Hub', ja: '東京ライフサイエンスハブ' } },
        { slug: embassy.slug, name: { en: 'Royal Danish Embassy' } },
      ],
    });

    const one = await api.http.get(`/api/v1/partners/${embassy.slug}`).expect(200);
    expect(one.body).toMatchObject({ slug: embassy.slug, country: 'DK', timezone: 'Europe/Copenhagen' });
    const all = await api.http.get('/api/v1/partners').expect(200);
    expect(all.body.map((p: { slug: string }) => p.slug)).toEqual(expect.arrayContaining([hub.slug, embassy.slug]));
  });

  it('issues an organizer token that works, once, and only for organizer routes', async () => {
    const partner = await createPartner(api);
    const other = await createPartner(api);
    const third = await createPartner(api);
    await createAgreement(api, partner, other);
    await createAgreement(api, other, third);

    const organizer = await createOrganizer(api, partner);
    expect(organizer.token).toMatch(/^cohost_[A-Za-z0-9_-]{43}$/);

    const mine = await api.http.get('/api/v1/agreements').set(organizer.headers).expect(200);
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0].partners.map((p: { slug: string }) => p.slug)).toContain(partner.slug);

    const everything = await api.http.get('/api/v1/agreements').set(api.admin).expect(200);
    expect(everything.body.length).toBeGreaterThanOrEqual(2);

    const forbidden = await api.http
      .post('/api/v1/partners')
      .set(organizer.headers)
      .send({ slug: unique('p'), name: { en: 'X' }, country: 'JP', timezone: 'Asia/Tokyo', contactEmail: 'a@b.jp' })
      .expect(403);
    expect(forbidden.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'This action needs the admin role',
      code: 'ROLE_FORBIDDEN',
    });
  });

  it('answers 401 with the SPEC body for a missing or wrong token', async () => {
    const missing = await api.http.get('/api/v1/agreements').expect(401);
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'TOKEN_MISSING' });
    const wrong = await api.http.get('/api/v1/agreements').set(bearer('cohost_not-a-real-token')).expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'TOKEN_INVALID' });
    await api.http.get('/api/v1/agreements').set({ Authorization: 'Basic abc' }).expect(401);
  });

  it('refuses a second organizer with the same email for a partner', async () => {
    const partner = await createPartner(api);
    await createOrganizer(api, partner, 'same@example.org');
    const res = await api.http
      .post(`/api/v1/partners/${partner.slug}/organizers`)
      .set(api.admin)
      .send({ email: 'Same@Example.org', name: 'Again' })
      .expect(409);
    expect(res.body.code).toBe('ORGANIZER_EXISTS');
  });

  it('terminates an agreement once', async () => {
    const a = await createPartner(api);
    const b = await createPartner(api);
    const agreement = await createAgreement(api, a, b, { effectiveFrom: '2026-01-01', expiresOn: '2028-01-01' });
    const res = await api.http
      .post(`/api/v1/agreements/${agreement.id}/terminate`)
      .set(api.admin)
      .send({ terminatedOn: '2026-06-01' })
      .expect(200);
    expect(res.body).toMatchObject({ terminatedOn: '2026-06-01', expiresOn: '2028-01-01', active: false });
    const again = await api.http
      .post(`/api/v1/agreements/${agreement.id}/terminate`)
      .set(api.admin)
      .send({ terminatedOn: '2026-07-01' })
      .expect(409);
    expect(again.body.code).toBe('AGREEMENT_ALREADY_TERMINATED');
  });

  describe('bad input gets a 4xx with the SPEC body, never a 500', () => {
    const partner = (overrides: Record<string, unknown> = {}) => ({
      slug: unique('p'),
      name: { en: 'Partner' },
      country: 'JP',
      timezone: 'Asia/Tokyo',
      contactEmail: 'events@example.org',
      ...overrides,
    });

    it.each([
      ['an unknown field', partner({ admin: true }), 400, 'property admin should not exist'],
      ['a bad slug', partner({ slug: 'Not A Slug' }), 400, 'slug must be lower-case'],
      ['an unknown country', partner({ country: 'XX' }), 400, 'country must be an ISO 3166-1 alpha-2'],
      ['a bad time zone', partner({ timezone: 'Mars/Olympus' }), 400, 'timezone must be an IANA time zone'],
      ['a missing English name', partner({ name: { ja: '名前' } }), 400, 'name.en'],
      ['an address with CR/LF', partner({ contactEmail: 'a@b.jp\r\nBcc: x@y.z' }), 400, 'contactEmail'],
      ['a name with quotes in the address', partner({ contactEmail: '"a b"@example.org' }), 400, 'contactEmail'],
    ])('partner with %s', async (_, body, status, message) => {
      const res = await api.http.post('/api/v1/partners').set(api.admin).send(body).expect(status);
      expect(res.body).toMatchObject({ statusCode: status, error: 'Bad Request', code: 'VALIDATION_FAILED' });
      expect(res.body.message.join('\n')).toContain(message);
    });

    it('a duplicate slug is 409', async () => {
      const body = partner();
      await api.http.post('/api/v1/partners').set(api.admin).send(body).expect(201);
      const res = await api.http
        .post('/api/v1/partners')
        .set(api.admin)
        .send({ ...body })
        .expect(409);
      expect(res.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: `A partner with slug "${body.slug}" already exists`,
        code: 'PARTNER_SLUG_TAKEN',
      });
    });

    it('malformed JSON is 400', async () => {
      const res = await api.http
        .post('/api/v1/partners')
        .set(api.admin)
        .set('Content-Type', 'application/json')
        .send('{"slug": ')
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'BAD_REQUEST' });
    });

    it('an unknown partner slug is 404', async () => {
      const res = await api.http.get('/api/v1/partners/no-such-partner').expect(404);
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'No partner with slug "no-such-partner"',
        code: 'PARTNER_NOT_FOUND',
      });
    });

    it.each([
      [
        'expiresOn before effectiveFrom',
        { effectiveFrom: '2026-05-01', expiresOn: '2026-04-01' },
        400,
        'AGREEMENT_DATES',
      ],
      [
        'expiresOn equal to effectiveFrom',
        { effectiveFrom: '2026-05-01', expiresOn: '2026-05-01' },
        400,
        'AGREEMENT_DATES',
      ],
      ['an impossible date', { effectiveFrom: '2026-02-30' }, 400, 'INVALID_DATE'],
      ['a date with a time', { effectiveFrom: '2026-02-01T00:00:00Z' }, 400, 'VALIDATION_FAILED'],
      ['an unknown kind', { kind: 'NDA' }, 400, 'VALIDATION_FAILED'],
      ['one partner only', { partners: ['only-one'] }, 400, 'VALIDATION_FAILED'],
      ['an unknown partner', { partners: ['no-such-a', 'no-such-b'] }, 422, 'PARTNER_NOT_FOUND'],
    ])('agreement with %s', async (_, overrides, status, code) => {
      const a = await createPartner(api);
      const b = await createPartner(api);
      const body = {
        partners: [a.slug, b.slug],
        kind: 'MOU',
        signedOn: '2026-01-01',
        effectiveFrom: '2026-01-01',
        ...overrides,
      };
      const res = await api.http.post('/api/v1/agreements').set(api.admin).send(body).expect(status);
      expect(res.body).toMatchObject({ statusCode: status, code });
    });

    it('an agreement of a partner with itself is 400', async () => {
      const a = await createPartner(api);
      const res = await api.http
        .post('/api/v1/agreements')
        .set(api.admin)
        .send({ partners: [a.slug, a.slug], kind: 'MOC', signedOn: '2026-01-01', effectiveFrom: '2026-01-01' })
        .expect(400);
      expect(res.body.code).toBe('AGREEMENT_SAME_PARTNER');
    });

    it('terminating an unknown or malformed id is 404 or 400', async () => {
      await api.http
        .post('/api/v1/agreements/00000000-0000-4000-8000-000000000000/terminate')
        .set(api.admin)
        .send({ terminatedOn: '2026-01-01' })
        .expect(404);
      const res = await api.http
        .post('/api/v1/agreements/not-a-uuid/terminate')
        .set(api.admin)
        .send({ terminatedOn: '2026-01-01' })
        .expect(400);
      expect(res.body.statusCode).toBe(400);
    });

    it('an unknown route is a 404 with the SPEC body', async () => {
      const res = await api.http.get('/api/v1/nothing-here').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND' });
    });
  });
});
