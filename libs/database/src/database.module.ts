import { AppConfig } from '@cohost/config';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { dataSourceOptions, type SessionOptions } from './data-source';
import { ensureDatabase, migrate } from './prepare-database';

/**
 * The TypeORM connection of the api and the worker. On start it creates the
 * database if missing and applies pending migrations, so a fresh machine needs
 * nothing but a running PostgreSQL.
 */
@Module({})
export class DatabaseModule {
  /** `session`: settings of every pooled connection (the worker's generic plans, see `SessionOptions`). */
  static forRoot(session: SessionOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.database.url, { poolSize: config.database.poolSize, ...session }),
            retryAttempts: 0,
          }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            if (!options || options.type !== 'postgres' || !options.url) throw new Error('PostgreSQL options expected');
            await ensureDatabase(options.url);
            const dataSource = await new DataSource(options).initialize();
            await migrate(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
