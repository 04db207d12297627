import { loadConfig } from '@cohost/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** Entry point for the TypeORM CLI (`npm run migration:*`). */
export default new DataSource(dataSourceOptions(loadConfig().database.url, { applicationName: 'cohost-migrations' }));
