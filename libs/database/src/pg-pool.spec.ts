import { expectPinned, testServerUrl } from '@cohost/testing';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { pgPool, withPgClient } from './pg-pool';

describe('the pg pool behind a TypeORM DataSource (a TypeORM internal)', () => {
  it('is pinned: pgPool reads PostgresDriver.master', () => {
    expectPinned('typeorm', "PostgresDriver's `master` pg Pool, read by pgPool() in libs/database/src/pg-pool.ts");
  });

  it("is TypeORM's own pool: a client of it runs queries, and TypeORM's next query reuses the connection", async () => {
    const dataSource = new DataSource({ type: 'postgres', url: testServerUrl(), poolSize: 1 });
    await dataSource.initialize();
    try {
      const pool = pgPool(dataSource);
      expect(pool).toBeInstanceOf(Pool);
      const pid = await withPgClient(dataSource, async (client) => {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        return rows[0].pid;
      });
      expect(pool.totalCount).toBe(1);
      const [{ pid: typeormPid }] = (await dataSource.query('SELECT pg_backend_pid() AS pid')) as Array<{
        pid: number;
      }>;
      expect(typeormPid).toBe(pid);
    } finally {
      await dataSource.destroy();
    }
  });
});
