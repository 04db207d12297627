import { AppConfig, AppConfigModule, createRootLogger, loggerParams } from '@cohost/config';
import { DatabaseModule } from '@cohost/database';
import { RedisModule } from '@cohost/queue';
import { MetricsModule } from '@cohost/metrics';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { JobQueues } from './jobs/job-queues.service';
import { JOB_HANDLERS, JobRunner } from './jobs/job-runner.service';
import { LedgerStatements } from './mail/ledger-statements';
import { MailContextLoader } from './mail/mail-context.loader';
import { MailPortCloser, mailPortProvider } from './mail/mail-port.provider';
import { NotificationSender } from './mail/notification-sender';
import { SecretMinter } from './mail/secret-minter';
import { SendNotificationHandler, SendNotificationsHandler } from './mail/send-notification.handler';
import { WorkerMetricsListener } from './metrics/worker-metrics.listener';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { PrivacySweepHandler } from './privacy/privacy-sweep.handler';
import { FireReminderHandler } from './reminders/fire-reminder.handler';
import { ReminderScheduler } from './reminders/reminder-scheduler.service';
import { DeliverWebhookHandler } from './webhooks/deliver-webhook.handler';
import { WebhookRelay } from './webhooks/webhook-relay.service';

@Module({})
export class WorkerModule {
  static register(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (c: AppConfig) => loggerParams(createRootLogger(c, 'cohost-worker')),
        }),
        DatabaseModule.forRoot({ planCacheMode: 'force_generic_plan' }),
        RedisModule,
        MetricsModule.forWorker(),
      ],
      providers: [
        WorkerMetricsListener,
        JobQueues,
        OutboxRelay,
        ReminderScheduler,
        FireReminderHandler,
        mailPortProvider,
        MailPortCloser,
        LedgerStatements,
        MailContextLoader,
        SecretMinter,
        NotificationSender,
        SendNotificationHandler,
        SendNotificationsHandler,
        WebhookRelay,
        DeliverWebhookHandler,
        PrivacySweepHandler,
        {
          // Every handler of the job catalogue; JobRunner refuses to start if one is missing or doubled.
          provide: JOB_HANDLERS,
          inject: [
            SendNotificationHandler,
            SendNotificationsHandler,
            FireReminderHandler,
            DeliverWebhookHandler,
            PrivacySweepHandler,
          ],
          useFactory: (...handlers: unknown[]) => handlers,
        },
        JobRunner,
      ],
    };
  }
}
