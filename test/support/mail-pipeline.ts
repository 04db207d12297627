import { INestApplicationContext } from '@nestjs/common';
import { ApiHarness, startApi } from './api-harness';
import { startSmtpServer, TestSmtpServer } from './mail-server';
import { startWorker } from './notify-fixtures';
import { UNTHROTTLED } from './registrations';

/** An api, a test SMTP server and the production worker sending to it; `close` stops all three. */
export interface MailPipeline {
  api: ApiHarness;
  smtp: TestSmtpServer;
  worker: INestApplicationContext;
  close(): Promise<void>;
}

/** The unthrottled api with a test SMTP server and the worker sending to it. */
export async function startMailPipeline(): Promise<MailPipeline> {
  return addMailPipeline(await startApi(UNTHROTTLED));
}

/**
 * Starts a test SMTP server and the production worker sending to it
 * (outbox polled every 200 ms, `workerEnv` added to its variables) for an
 * api already started; `close` stops them, then the api.
 */
export async function addMailPipeline(api: ApiHarness, workerEnv: Record<string, string> = {}): Promise<MailPipeline> {
  const smtp = await startSmtpServer();
  const worker = await startWorker(api, { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200', ...workerEnv });
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
