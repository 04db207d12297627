import { AppConfig, loadConfig } from '@cohost/config';
import { createTestDatabase, TestDatabase, unique } from '@cohost/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApi } from '../../apps/api/src/bootstrap';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface ApiHarness {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  http: TestAgent;
  /** `Authorization` header value for the hub admin. */
  admin: { Authorization: string };
  close(): Promise<void>;
}

/**
 * Boots the production api bootstrap on a fresh database of its own (created
 * and migrated by the app itself) and a queue prefix of its own in Redis.
 */
export async function startApi(env: Record<string, string | undefined> = {}): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    QUEUE_PREFIX: unique('test'),
    ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    MAIL_DIR: `var/test-mail/${db.name}`,
    ...env,
  });
  const app = await createApi(config, { logs: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    db,
    http: request(app.getHttpServer()),
    admin: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
