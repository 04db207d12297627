import { AppConfig, AppConfigModule, loggerParams } from '@cohost/config';
import { DatabaseModule } from '@cohost/database';
import { RedisModule } from '@cohost/queue';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppExceptionFilter } from './app-exception.filter';
import { AgreementsModule } from './agreements/agreements.module';
import { AnnouncementsModule } from './announcements/announcements.module';
import { AttendanceModule } from './attendance/attendance.module';
import { AuthModule } from './auth/auth.module';
import { ConsoleCoreModule } from './console/console-core.module';
import { ConsoleModule } from './console/console.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { MembersModule } from './members/members.module';
import { NotificationsModule } from './notifications/notifications.module';
import { InvitationsModule } from './invitations/invitations.module';
import { OperationsModule } from './operations/operations.module';
import { OrganizersModule } from './organizers/organizers.module';
import { PagesModule } from './pages/pages.module';
import { PartnersModule } from './partners/partners.module';
import { PrivacyModule } from './privacy/privacy.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { ThrottlingModule } from './throttling/throttling.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  /**
   * `config` replaces the environment (tests, tools); without it the
   * environment is read and validated. `logger`: the process's root pino
   * logger, which Fastify's request logging shares (`createApi`).
   */
  static register(config: AppConfig | undefined, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(logger)),
        DatabaseModule.forRoot(),
        RedisModule,
        AuthModule,
        HealthModule,
        PartnersModule,
        MembersModule,
        AgreementsModule,
        OrganizersModule,
        WebhooksModule,
        EventsModule,
        NotificationsModule,
        ThrottlingModule,
        RegistrationsModule,
        InvitationsModule,
        AttendanceModule,
        AnnouncementsModule,
        PagesModule,
        ConsoleModule,
        ConsoleCoreModule,
        OperationsModule,
        PrivacyModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AppExceptionFilter }],
    };
  }
}
