import { INestApplicationContext } from '@nestjs/common';
import { ApiHarness, startApi } from './api-harness';
import { startSmtpServer, TestSmtpServer } from './mail-server';
import { startWorker } from './notify-fixtures';
import { UNTHROTTLED } from './registrations';

/** The api (unthrottled), a test SMTP server and the production worker sending to it; `close` stops all three. */
export interface MailPipeline {
  api: ApiHarness;
  smtp: TestSmtpServer;
  worker: INestApplicationContext;
  close(): Promise<void>;
}

export async function startMailPipeline(): Promise<MailPipeline> {
  const api = await startApi(UNTHROTTLED);
  const smtp = await startSmtpServer();
  const worker = await startWorker(api, { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200' });
  return {
    api,
    smtp,
    worker,
    async close() {
      await worker.close();
      await smtp.close();
      await api.close();
    },
  };
}
