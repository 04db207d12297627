import { AppConfig, AppConfigModule, loggerParams } from '@cohost/config';
import { DatabaseModule } from '@cohost/database';
import { bullConnection, RedisModule } from '@cohost/queue';
import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

@Module({})
export class WorkerModule {
  static register(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (c: AppConfig) => loggerParams(c, 'cohost-worker'),
        }),
        DatabaseModule,
        RedisModule,
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (c: AppConfig) => ({
            connection: bullConnection(c.redis.url, 'worker'),
            prefix: c.redis.queuePrefix,
          }),
        }),
      ],
    };
  }
}
