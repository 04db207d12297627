import { TokensService } from '../apps/api/src/auth/tokens.service';
import { ApiHarness, bearer, startApi } from './support/api-harness';
import { createOrganizer, createPartner, TestOrganizer, TestPartner } from './support/factories';

interface TokenBody {
  id: string;
  role: string;
  organizerId: string | null;
  email: string;
  createdAt: string;
  revokedAt: string | null;
  active: boolean;
}
interface OrganizerBody {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  tokens: TokenBody[];
}

describe('organizer tokens: listing, issuing, revoking', () => {
  let api: ApiHarness;
  let partner: TestPartner;
  let other: TestPartner;

  beforeAll(async () => {
    api = await startApi();
    partner = await createPartner(api);
    other = await createPartner(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  /** An @Auth('admin', 'organizer') route: 200 while the token is good, 401 once it is not. */
  const authenticatedAs = (headers: { Authorization: string }) => api.http.get('/api/v1/agreements').set(headers);

  const list = async (slug = partner.slug): Promise<OrganizerBody[]> =>
    (await api.http.get(`/api/v1/partners/${slug}/organizers`).set(api.admin).expect(200)).body as OrganizerBody[];
  const tokensOf = async (organizer: TestOrganizer) => (await list()).find((o) => o.id === organizer.id)!.tokens;
  const revoke = (tokenId: string, headers: { Authorization: string }) =>
    api.http.post(`/api/v1/tokens/${tokenId}/revoke`).set(headers);

  it('lists organizers and their tokens to the hub admin, never a secret or hash', async () => {
    const a = await createOrganizer(api, partner);
    const b = await createOrganizer(api, partner);
    await createOrganizer(api, other);
    const res = await api.http.get(`/api/v1/partners/${partner.slug}/organizers`).set(api.admin).expect(200);
    const organizers = res.body as OrganizerBody[];
    expect(organizers.map((o) => o.email)).toEqual(expect.arrayContaining([a.email, b.email]));
    expect(organizers).toHaveLength(2);
    const [token] = organizers.find((o) => o.id === a.id)!.tokens;
    expect(token).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      role: 'organizer',
      organizerId: a.id,
      email: a.email,
      createdAt: expect.any(String),
      revokedAt: null,
      active: true,
    });
    expect(Object.keys(token).sort()).toEqual(
      ['active', 'createdAt', 'email', 'id', 'organizerId', 'revokedAt', 'role'].sort(),
    );
    // Neither the secrets nor anything hash-like appears anywhere in the answer.
    expect(res.text).not.toContain(a.token);
    expect(res.text).not.toContain(b.token);
    expect(res.text).not.toMatch(/hash|secret|cohost_|\\\\x[0-9a-f]{16}|"type":"Buffer"/i);
  });

  it('refuses the list to organizers and to callers without a token, and 404s an unknown partner', async () => {
    const organizer = await createOrganizer(api, partner);
    await api.http.get(`/api/v1/partners/${partner.slug}/organizers`).set(organizer.headers).expect(403);
    await api.http.get(`/api/v1/partners/${partner.slug}/organizers`).expect(401);
    const res = await api.http.get('/api/v1/partners/no-such-partner/organizers').set(api.admin).expect(404);
    expect(res.body.code).toBe('PARTNER_NOT_FOUND');
  });

  it('revokes a token at once: the next request with it is 401; revoking again keeps the first time', async () => {
    const organizer = await createOrganizer(api, partner);
    await authenticatedAs(organizer.headers).expect(200);
    const [token] = await tokensOf(organizer);

    const res = await revoke(token.id, api.admin).expect(200);
    expect(res.body).toMatchObject({ id: token.id, active: false, revokedAt: expect.any(String) });
    const unauthorized = await authenticatedAs(organizer.headers).expect(401);
    expect(unauthorized.body.code).toBe('TOKEN_INVALID');
    // Refused as unknown (401), not as the wrong role (403).
    await api.http.get(`/api/v1/partners/${partner.slug}/organizers`).set(organizer.headers).expect(401);

    const again = await revoke(token.id, api.admin).expect(200);
    expect(again.body.revokedAt).toBe(res.body.revokedAt);
    expect(await tokensOf(organizer)).toEqual([expect.objectContaining({ id: token.id, active: false })]);
  });

  it('issues a new token to an organizer; the old one stays revoked, the new one works', async () => {
    const organizer = await createOrganizer(api, partner);
    const [old] = await tokensOf(organizer);
    await revoke(old.id, api.admin).expect(200);

    const res = await api.http.post(`/api/v1/organizers/${organizer.id}/tokens`).set(api.admin).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), organizerId: organizer.id, token: expect.any(String) });
    await authenticatedAs(bearer(res.body.token)).expect(200);
    await authenticatedAs(organizer.headers).expect(401);
    const tokens = await tokensOf(organizer);
    expect(tokens.map((t) => [t.id, t.active])).toEqual([
      [old.id, false],
      [res.body.id, true],
    ]);
  });

  it('lets an organizer revoke their own token, even the one in use', async () => {
    const organizer = await createOrganizer(api, partner);
    const second = await api.http.post(`/api/v1/organizers/${organizer.id}/tokens`).set(api.admin).expect(201);
    const [first] = await tokensOf(organizer);
    // With the second token, the first one (say it leaked)...
    await revoke(first.id, bearer(second.body.token)).expect(200);
    await authenticatedAs(organizer.headers).expect(401);
    // ...and then the one in use.
    await revoke(second.body.id, bearer(second.body.token)).expect(200);
    await authenticatedAs(bearer(second.body.token)).expect(401);
  });

  it("never lets an organizer revoke another organizer's token, of their partner or another", async () => {
    const mallory = await createOrganizer(api, partner);
    const colleague = await createOrganizer(api, partner);
    const stranger = await createOrganizer(api, other);
    const colleagueToken = (await tokensOf(colleague))[0];
    const strangerToken = (await list(other.slug)).find((o) => o.id === stranger.id)!.tokens[0];
    for (const target of [colleagueToken, strangerToken]) {
      const res = await revoke(target.id, mallory.headers).expect(403);
      expect(res.body.code).toBe('TOKEN_NOT_YOURS');
    }
    await authenticatedAs(colleague.headers).expect(200);
    await authenticatedAs(stranger.headers).expect(200);
    // Nor issue tokens, to anyone.
    await api.http.post(`/api/v1/organizers/${mallory.id}/tokens`).set(mallory.headers).expect(403);
    await api.http.post(`/api/v1/organizers/${colleague.id}/tokens`).set(mallory.headers).expect(403);
    await revoke(colleagueToken.id, { Authorization: 'Bearer nope' }).expect(401);
    await api.http.post(`/api/v1/tokens/${colleagueToken.id}/revoke`).expect(401);
  });

  it('lets the hub admin revoke an admin token issued from the table', async () => {
    const tokens = api.app.get(TokensService);
    const secret = await tokens.issue({ role: 'admin', email: 'ops@hub.example' });
    await authenticatedAs(bearer(secret)).expect(200);
    const [row] = (await tokens.listAdmins()).filter((t) => t.email === 'ops@hub.example');
    await revoke(row.id, api.admin).expect(200);
    await authenticatedAs(bearer(secret)).expect(401);
  });

  it.each([
    ['an unknown token', () => '00000000-0000-4000-8000-000000000000', 404, 'TOKEN_NOT_FOUND'],
    ['a malformed id', () => 'not-a-uuid', 400, 'BAD_REQUEST'],
  ])('answers %s clearly', async (_, id, status, code) => {
    const res = await revoke(id(), api.admin).expect(status);
    expect(res.body.code).toBe(code);
    const issued = await api.http.post(`/api/v1/organizers/${id()}/tokens`).set(api.admin).expect(status);
    expect(issued.body.code).toBe(status === 404 ? 'ORGANIZER_NOT_FOUND' : 'BAD_REQUEST');
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await api.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.paths['/api/v1/partners/{slug}/organizers']).toHaveProperty('get');
    expect(doc.paths['/api/v1/organizers/{id}/tokens']).toHaveProperty('post');
    expect(doc.paths['/api/v1/tokens/{id}/revoke']).toHaveProperty('post');
  });
});
