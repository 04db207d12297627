import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

// Calendar dates stay strings ('2026-04-01'): parsing them into a Date at the
// process's local midnight would shift them under some TZ settings.
types.setTypeParser(types.builtins.DATE, (value) => value);

/**
 * The options of cohost's one DataSource, shared by the app, the worker, the
 * migration CLI (`cli-data-source.ts`) and the e2e tests.
 */
export function dataSourceOptions(url: string, overrides: Partial<{ poolSize: number; applicationName: string }> = {}) {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: overrides.applicationName ?? 'cohost',
    extra: { max: overrides.poolSize ?? 10 },
  } satisfies DataSourceOptions;
}
