import { DataSource } from 'typeorm';
import { ApiHarness, bearer, startApi } from './support/api-harness';
import { createOrganizer, createPartner, TestPartner } from './support/factories';
import { assertBuilt, BUILT, run } from './support/processes';

/** `npm run cli -- list-tokens / revoke-token`, run from the build against the api's database. */
describe('cli: list-tokens and revoke-token', () => {
  let api: ApiHarness;
  let partner: TestPartner;

  beforeAll(async () => {
    assertBuilt();
    api = await startApi();
    partner = await createPartner(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  const cli = async (...args: string[]) => {
    const proc = run(BUILT.cli, args, { DATABASE_URL: api.db.url, LOG_LEVEL: 'silent' });
    const code = await proc.exited;
    return { code, output: proc.output() };
  };
  const authenticatedAs = (token: string) => api.http.get('/api/v1/agreements').set(bearer(token));

  it("lists a partner's organizers and token ids without secrets, and revokes one at once", async () => {
    const kenji = await createOrganizer(api, partner, 'kenji@hub.example');
    const mette = await createOrganizer(api, partner, 'mette@hub.example');

    const listed = await cli('list-tokens', '--partner', partner.slug);
    expect(listed.code).toBe(0);
    expect(listed.output).toContain(`organizer ${kenji.id}  kenji@hub.example`);
    expect(listed.output).toContain(`organizer ${mette.id}  mette@hub.example`);
    expect(listed.output).not.toContain(kenji.token);
    expect(listed.output).not.toContain('cohost_');
    const kenjiTokenId = new RegExp(`([0-9a-f-]{36})  organizer  kenji@hub\\.example  created \\S+  active`).exec(
      listed.output,
    )?.[1];
    expect(kenjiTokenId).toBeDefined();

    await authenticatedAs(kenji.token).expect(200);
    const revoked = await cli('revoke-token', '--id', kenjiTokenId!);
    expect(revoked.code).toBe(0);
    expect(revoked.output).toMatch(new RegExp(`${kenjiTokenId}.*revoked \\d{4}-`));
    await authenticatedAs(kenji.token).expect(401);
    await authenticatedAs(mette.token).expect(200);

    const after = await cli('list-tokens', '--partner', partner.slug);
    expect(after.output).toMatch(new RegExp(`${kenjiTokenId}  organizer  kenji@hub\\.example  created \\S+  revoked`));
  });

  it('lists and revokes admin tokens issued by admin-token', async () => {
    const issued = await cli('admin-token', '--email', 'ops@hub.example');
    expect(issued.code).toBe(0);
    const token = issued.output.trim().split('\n').pop()!;
    await authenticatedAs(token).expect(200);
    const listed = await cli('list-tokens', '--admins');
    const id = /([0-9a-f-]{36}) {2}admin +ops@hub\.example {2}created \S+ {2}active/.exec(listed.output)?.[1];
    expect(id).toBeDefined();
    expect(listed.output).not.toContain(token);
    expect((await cli('revoke-token', '--id', id!)).code).toBe(0);
    await authenticatedAs(token).expect(401);
  });

  it('issues an admin token for the normal form of the address, and refuses addresses that are no plain ones', async () => {
    const issued = await cli('admin-token', '--email', 'Ｏｐｓ２＠Ｈｕｂ．ｅｘａｍｐｌｅ');
    expect(issued.code).toBe(0);
    const token = issued.output.trim().split('\n').pop()!;
    await authenticatedAs(token).expect(200);
    expect((await cli('list-tokens', '--admins')).output).toMatch(
      / {2}admin +ops2@hub\.example {2}created \S+ {2}active/,
    );

    const refusals: Array<[string, string, string]> = [
      ['add-admin', 'not an address', 'must be a plain email address'],
      ['add-admin', 'ops@localhost', 'must be an email address with a domain like example.org'],
      ['add-admin', 'o\u200bps@hub.example', 'must not contain invisible or control characters'],
      ['add-admin', 'ops@hub.example\u202e', 'must not contain invisible or control characters'],
      ['admin-token', '"ops"@hub.example', 'must be a plain email address'],
      ['remove-admin', 'ops@hub', 'must be an email address with a domain like example.org'],
    ];
    for (const [command, email, problem] of refusals) {
      const refused = await cli(command, '--email', email);
      expect([command, email, refused.code]).toEqual([command, email, 2]);
      expect(refused.output).toContain(`${command}: --email ${JSON.stringify(email)} is refused: it ${problem}`);
      expect(refused.output).not.toMatch(/\n\s+at /);
    }
    const stored = await api.app.get(DataSource).query(`SELECT email FROM hub_admins`);
    expect(stored).toEqual([]);
  }, 120_000);

  it.each([
    [['revoke-token'], 2, '--id'],
    [['revoke-token', '--id', 'not-a-uuid'], 2, '--id'],
    [['revoke-token', '--id', '00000000-0000-4000-8000-000000000000'], 1, 'No token with id'],
    [['list-tokens'], 2, '--partner'],
    [['list-tokens', '--partner', 'x', '--admins'], 2, '--partner'],
    [['list-tokens', '--partner', 'no-such-partner'], 1, 'No partner with slug'],
    [['list-tokens', '--partner'], 2, 'list-tokens'],
    [['list-tokens', '--bogus'], 2, 'list-tokens'],
    [['no-such-command'], 2, 'revoke-token --id'],
  ])('cli %j exits %i saying %p', async (args, code, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(code);
    expect(result.output).toContain(message);
    expect(result.output).not.toMatch(/\n\s+at /);
  });
});
