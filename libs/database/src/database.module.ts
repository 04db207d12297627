import { AppConfig } from '@cohost/config';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { ensureDatabase, migrate } from './prepare-database';

/**
 * The TypeORM connection of the api and the worker. On start it creates the
 * database if missing and applies pending migrations, so a fresh machine needs
 * nothing but a running PostgreSQL.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database.url, { poolSize: config.database.poolSize }),
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
})
export class DatabaseModule {}
