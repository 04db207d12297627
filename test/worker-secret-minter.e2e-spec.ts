import { sha256 } from '@cohost/domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretMinter } from '../apps/worker/src/mail/secret-minter';
import type { ApiHarness } from './support/api-harness';
import { insertEvent } from './support/factories';
import { register, startRegistrationsApi } from './support/registrations';

/**
 * The worker's token minting on a real database: the cancel and join tokens
 * that concurrent sends ask for in one turn are stored by one statement, and
 * a registration that is gone fails only its own email's token.
 */
describe('SecretMinter: tokens of one turn in one statement', () => {
  let api: ApiHarness;
  let dataSource: DataSource;
  let registrations: string[];

  beforeAll(async () => {
    const started = await startRegistrationsApi();
    api = started.api;
    dataSource = api.app.get(DataSource);
    const event = await insertEvent(api, started.host.id, { capacity: 10 });
    registrations = [];
    for (let i = 0; i < 3; i++) {
      const res = await register(api, event).expect(201);
      registrations.push((res.body as { id: string }).id);
    }
  });
  afterAll(() => api?.close());

  async function stored(table: string, token: string): Promise<string | undefined> {
    const rows: Array<{ registration_id: string }> = await dataSource.query(
      `SELECT registration_id FROM ${table} WHERE token_hash = $1`,
      [sha256(token)],
    );
    return rows[0]?.registration_id;
  }

  it('stores every token asked for in one turn under its own registration', async () => {
    const minter = new SecretMinter(dataSource);
    const asked = registrations.flatMap((id) => [
      { table: 'registration_cancel_tokens', id, token: minter.cancelToken(id) },
      { table: 'registration_join_tokens', id, token: minter.joinToken(id) },
    ]);
    const tokens = await Promise.all(asked.map((a) => a.token));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (let i = 0; i < asked.length; i++) {
      expect(tokens[i]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await stored(asked[i].table, tokens[i])).toBe(asked[i].id);
    }
  });

  it('fails only the token of a registration that is gone; the others are stored', async () => {
    const minter = new SecretMinter(dataSource);
    const gone = randomUUID();
    const [first, missing, last] = await Promise.allSettled([
      minter.cancelToken(registrations[0]),
      minter.joinToken(gone),
      minter.joinToken(registrations[2]),
    ]);
    expect(missing.status).toBe('rejected');
    expect(first.status).toBe('fulfilled');
    expect(last.status).toBe('fulfilled');
    expect(await stored('registration_cancel_tokens', (first as PromiseFulfilledResult<string>).value)).toBe(
      registrations[0],
    );
    expect(await stored('registration_join_tokens', (last as PromiseFulfilledResult<string>).value)).toBe(
      registrations[2],
    );
    const orphans: unknown[] = await dataSource.query(
      `SELECT 1 FROM registration_join_tokens WHERE registration_id = $1`,
      [gone],
    );
    expect(orphans).toHaveLength(0);
  });
});
