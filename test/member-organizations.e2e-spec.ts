import type { EventEntity } from '@cohost/database';
import { ApiHarness } from './support/api-harness';
import { createOrganizer, insertEvent, TestOrganizer, TestPartner } from './support/factories';
import { register, startRegistrationsApi } from './support/registrations';

/** A roster of `n` organizations (line i: org i with domain org<i>.example.jp), then the bad lines. */
function rosterCsv(n: number, bad: string[]): string {
  const lines = ['name_ja,name_en,domains'];
  for (let i = 1; i <= n; i++) lines.push(`会員${i},"Member ${i}, Inc.",org${i}.example.jp`);
  return '\uFEFF' + [...lines, ...bad].join('\r\n') + '\r\n';
}

describe('member organizations and members-only webinars', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let hostOrg: TestOrganizer;

  beforeAll(async () => {
    ({ api, host } = await startRegistrationsApi());
    hostOrg = await createOrganizer(api, host);
  });
  afterAll(() => api?.close());

  it('imports a roster of 440 organizations in one go and reports the bad lines', async () => {
    const csv = rosterCsv(440, [
      '悪いドメイン,Bad Domain,not a domain!',
      ',,nameless.example.jp',
      '重複,Duplicate,org7.example.jp',
      'ドメインなし,No Domain,',
      '二つ,Two Domains,two.example.jp; sub.two-b.example.jp',
    ]);
    const { body } = await api.http
      .post('/api/v1/member-organizations/import')
      .set(api.admin)
      .send({ csv })
      .expect(200);
    expect(body.imported).toBe(441);
    expect(body.rejected).toEqual([
      expect.objectContaining({ line: 442, reason: 'bad_domain' }),
      expect.objectContaining({ line: 443, reason: 'missing_name' }),
      expect.objectContaining({ line: 444, reason: 'duplicate_domain' }),
      expect.objectContaining({ line: 445, reason: 'no_domain' }),
    ]);
    const list = await api.http.get('/api/v1/member-organizations').set(api.admin).expect(200);
    expect(list.body).toHaveLength(441);
    expect(list.body).toContainEqual(
      expect.objectContaining({ name: { en: 'Member 7, Inc.', ja: '会員7' }, domains: ['org7.example.jp'] }),
    );
    // Imported again: every line is now a duplicate, nothing is added.
    const again = await api.http.post('/api/v1/member-organizations/import').set(api.admin).send({ csv }).expect(200);
    expect(again.body.imported).toBe(0);
  });

  it('a header without the columns rejects line 1', async () => {
    const { body } = await api.http
      .post('/api/v1/member-organizations/import')
      .set(api.admin)
      .send({ csv: 'organization;mail\nx;y\n' })
      .expect(200);
    expect(body).toEqual({ imported: 0, rejected: [expect.objectContaining({ line: 1, reason: 'bad_columns' })] });
  });

  it('the hub admin creates and edits organizations; nobody else may', async () => {
    const created = await api.http
      .post('/api/v1/member-organizations')
      .set(api.admin)
      .send({ name: { en: 'Osaka Pharma', ja: '大阪ファーマ' }, domains: ['OSAKA-PHARMA.example.jp', '@op.example'] })
      .expect(201);
    expect(created.body.domains).toEqual(['op.example', 'osaka-pharma.example.jp']);
    await api.http
      .patch(`/api/v1/member-organizations/${created.body.id}`)
      .set(api.admin)
      .send({ domains: ['osaka-pharma.example.jp'] })
      .expect(200);
    await api.http
      .post('/api/v1/member-organizations')
      .set(api.admin)
      .send({ name: { en: 'Copycat' }, domains: ['osaka-pharma.example.jp'] })
      .expect(409);
    await api.http
      .post('/api/v1/member-organizations')
      .set(api.admin)
      .send({ name: { en: 'Bad' }, domains: ['not a domain'] })
      .expect(400);
    await api.http
      .post('/api/v1/member-organizations')
      .set(api.admin)
      .send({ name: {}, domains: ['x.example'] })
      .expect(400);
    await api.http.get('/api/v1/member-organizations').set(hostOrg.headers).expect(403);
    await api.http.get('/api/v1/member-organizations').expect(401);
  });

  describe('a members-only webinar', () => {
    let event: EventEntity;

    beforeAll(async () => {
      event = await insertEvent(api, host.id);
      const res = await api.http
        .patch(`/api/v1/events/${event.id}`)
        .set(hostOrg.headers)
        .send({ audience: 'members' })
        .expect(200);
      expect(res.body.audience).toBe('members');
    });

    it('refuses an outside address with 422 NOT_A_MEMBER', async () => {
      for (const email of ['someone@outside.example.jp', 'x@example.jp', 'x@notorg12.example.jp']) {
        const res = await register(api, event, { email }).expect(422);
        expect(res.body.code).toBe('NOT_A_MEMBER');
      }
    });

    it("accepts a member's domain and its subdomains, the organization taken from the roster", async () => {
      const direct = await register(api, event, { email: 'a@org12.example.jp', organization: 'Typed' }).expect(201);
      const sub = await register(api, event, {
        email: 'b@lab.tokyo.org12.example.jp',
        organization: 'Whatever',
        locale: 'en',
      }).expect(201);
      const { body } = await api.http.get(`/api/v1/events/${event.id}/registrations`).set(hostOrg.headers).expect(200);
      const org = (id: string) => body.items.find((i: { id: string }) => i.id === id).organization;
      expect(org(direct.body.id)).toBe('会員12');
      expect(org(sub.body.id)).toBe('Member 12, Inc.');
      expect(body.byOrganization).toEqual([
        expect.objectContaining({
          organization: expect.objectContaining({ name: { en: 'Member 12, Inc.', ja: '会員12' } }),
          confirmed: 2,
        }),
      ]);
    });

    it('a public webinar still takes any address', async () => {
      const open = await insertEvent(api, host.id);
      await register(api, open, { email: 'anyone@outside.example.jp' }).expect(201);
      const { body } = await api.http.get(`/api/v1/events/${open.id}`).expect(200);
      expect(body.audience).toBe('public');
    });
  });

  it('documents the roster, audience, seatsPerOrganization, questions and answers in OpenAPI', async () => {
    const doc = await api.http.get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/member-organizations',
        '/api/v1/member-organizations/{orgId}',
        '/api/v1/member-organizations/import',
        '/api/v1/events/{id}/questions',
      ]),
    );
    expect(Object.keys(doc.body.paths['/api/v1/events/{id}/questions'])).toEqual(
      expect.arrayContaining(['get', 'put']),
    );
    const schemas = doc.body.components.schemas;
    expect(Object.keys(schemas.RegisterDto.properties)).toContain('answers');
    for (const dto of ['CreateEventDto', 'UpdateEventDto', 'EventResponseDto']) {
      expect(Object.keys(schemas[dto].properties)).toEqual(
        expect.arrayContaining(['audience', 'seatsPerOrganization']),
      );
    }
    expect(Object.keys(schemas.RegistrationItemDto.properties)).toContain('answers');
    expect(Object.keys(schemas.RegistrationListDto.properties)).toContain('byOrganization');
  });
});
