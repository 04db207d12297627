import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The `pg` pool behind a DataSource: the same connections TypeORM uses, for
 * the few hot paths that queue several statements on one connection without
 * waiting for each answer (`pg` sends the next one as soon as the server is
 * ready, with no turn of the event loop in between).
 */
export function pgPool(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

/**
 * `work` with a client of the pool, released afterwards. `work` ends any
 * transaction it began, whatever happens; a client whose connection died is
 * dropped by the pool itself on release (it is no longer queryable).
 */
export async function withPgClient<T>(dataSource: DataSource, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pgPool(dataSource).connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}
