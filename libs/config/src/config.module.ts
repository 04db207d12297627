import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig, loadConfig } from './app-config';

/**
 * Loads `.env` (when present) through @nestjs/config, validates the
 * environment once and provides the typed {@link AppConfig} everywhere.
 * `forRoot(config)` takes an already built config (tests, tools).
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ envFilePath: ['.env'], cache: true })],
      providers: [
        config ? { provide: AppConfig, useValue: config } : { provide: AppConfig, useFactory: () => loadConfig() },
      ],
      exports: [AppConfig],
    };
  }
}
