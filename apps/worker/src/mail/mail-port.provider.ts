import { AppConfig } from '@cohost/config';
import {
  calendarUid,
  createMailTransport,
  isConnectionFailure,
  MailTransport,
  PermanentMailError,
  renderMessage,
} from '@cohost/mail';
import { WorkerMetrics } from '@cohost/metrics';
import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { MAIL_PORT, MailPort } from './mail-port';

/** The worker's mail port on `libs/mail`: the pure renderer and the configured transport. */
export function createMailPort(transport: MailTransport): MailPort {
  return {
    calendarUid,
    async deliver(context, messageId) {
      const sent = await transport.send(renderMessage(context, { messageId }));
      return { messageId: sent.messageId || messageId };
    },
    isPermanent: (error) => error instanceof PermanentMailError,
    isConnectionFailure,
    close: () => transport.close(),
  };
}

export const mailPortProvider: Provider = {
  provide: MAIL_PORT,
  inject: [AppConfig, WorkerMetrics],
  // One pooled SMTP connection per concurrently running job.
  useFactory: (config: AppConfig, metrics: WorkerMetrics) =>
    createMailPort(
      metrics.timeTransport(createMailTransport(config.mail, { maxConnections: config.worker.concurrency })),
    ),
};

/** Closes the SMTP pool after the job runner has let the active jobs finish. */
@Injectable()
export class MailPortCloser implements OnApplicationShutdown {
  constructor(@Inject(MAIL_PORT) private readonly mail: MailPort) {}

  async onApplicationShutdown(): Promise<void> {
    await this.mail.close();
  }
}
