import { DataSource } from 'typeorm';

/**
 * SQL TypeORM would run to make the database match the entities. Empty when
 * migrations and entities agree; a test keeps it that way, so
 * `npm run migration:generate` only ever shows real changes.
 */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
