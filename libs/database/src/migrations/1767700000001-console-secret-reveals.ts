import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console shows a webhook endpoint's secret once, on a GET after the
 * POST that created or rotated it (post/redirect/get, so a reload neither
 * posts again nor shows the secret again): a row here allows that one
 * showing to that one session for ten minutes, and the showing deletes it.
 * It holds no secret (the page opens the endpoint's sealed one).
 */
export class ConsoleSecretReveals1767700000001 implements MigrationInterface {
  name = 'ConsoleSecretReveals1767700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE console_secret_reveals (
        session_id  uuid NOT NULL
          CONSTRAINT console_secret_reveals_session_id_fkey REFERENCES console_sessions(id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL
          CONSTRAINT console_secret_reveals_endpoint_id_fkey REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        reason      text NOT NULL CONSTRAINT console_secret_reveals_reason_check CHECK (reason IN ('created', 'rotated')),
        expires_at  timestamptz NOT NULL,
        CONSTRAINT console_secret_reveals_pkey PRIMARY KEY (session_id, endpoint_id)
      )`);
    await db.query(`CREATE INDEX console_secret_reveals_endpoint_idx ON console_secret_reveals (endpoint_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE console_secret_reveals`);
  }
}
