import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

// Calendar dates stay strings ('2026-04-01'): parsing them into a Date at the
// process's local midnight would shift them under some TZ settings.
types.setTypeParser(types.builtins.DATE, (value) => value);

/** Session settings of a process's connections. */
export interface SessionOptions {
  /**
   * `force_generic_plan`: every prepared statement is planned once per
   * connection. The worker's send ledger statement (seven relations, array
   * parameters) otherwise got a fresh custom plan at every execution, 1.4-1.8
   * ms of PostgreSQL's CPU each time, more than it took to run; its generic
   * plan is the same index lookups. The api keeps PostgreSQL's default
   * (`auto`): its listings filter on values whose plans differ.
   */
  planCacheMode?: 'auto' | 'force_generic_plan';
}

/**
 * The options of cohost's one DataSource, shared by the app, the worker, the
 * migration CLI (`cli-data-source.ts`) and the e2e tests.
 */
export function dataSourceOptions(
  url: string,
  overrides: Partial<{ poolSize: number; applicationName: string }> & SessionOptions = {},
) {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: overrides.applicationName ?? 'cohost',
    extra: {
      max: overrides.poolSize ?? 10,
      ...(overrides.planCacheMode ? { options: `-c plan_cache_mode=${overrides.planCacheMode}` } : {}),
    },
  } satisfies DataSourceOptions;
}
