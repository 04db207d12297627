import { AppConfig, loadConfig } from '@cohost/config';
import { createTestDatabase, TestDatabase, unique } from '@cohost/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
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

/** The variables every test api runs with, on `db` and a queue prefix of its own unless given. */
function testEnv(db: TestDatabase, env: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    DATABASE_URL: db.url,
    QUEUE_PREFIX: unique('test'),
    ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    MAIL_DIR: `var/test-mail/${db.name}`,
    ...env,
  };
}

async function boot(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await createApi(config, { logs: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * Boots the production api bootstrap on a fresh database of its own (created
 * and migrated by the app itself) and a queue prefix of its own in Redis.
 */
export async function startApi(env: Record<string, string | undefined> = {}): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const config = loadConfig(testEnv(db, env));
  const app = await boot(config);
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

/**
 * Another api on `first`'s database and queue prefix, its variables changed
 * by `env` (e.g. `TRUST_PROXY`, or `DATABASE_URL` through a proxy). Closing
 * it leaves the database to `first`.
 */
export async function startVariant(
  first: ApiHarness,
  env: Record<string, string | undefined>,
): Promise<Pick<ApiHarness, 'app' | 'config' | 'http' | 'close'>> {
  const config = loadConfig(testEnv(first.db, { QUEUE_PREFIX: first.config.redis.queuePrefix, ...env }));
  const app = await boot(config);
  return { app, config, http: request(app.getHttpServer()), close: () => app.close() };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The api's own DataSource, for rows a spec writes or reads directly. */
export const dataSourceOf = (api: Pick<ApiHarness, 'app'>): DataSource => api.app.get(DataSource);
