import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner webhooks (Standard Webhooks). `webhook_endpoints` holds each
 * endpoint with its signing secret encrypted (AES-256-GCM under
 * `WEBHOOK_SECRET_KEY`: signing needs the secret itself, so it cannot be
 * hashed); a rotated secret stays valid until `previous_secret_expires_at`.
 * `webhook_messages` is the outbox: one row per (message, endpoint), written
 * in the transaction of the change; `msg_id` is the stable `webhook-id`.
 * `webhook_attempts` is the delivery log shown to organizers.
 *
 * No TypeORM entities: the tables are read and written by the webhooks
 * repositories in SQL, so the entity/migration drift check does not cover them.
 */
export class Webhooks1767000000000 implements MigrationInterface {
  name = 'Webhooks1767000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
        url text NOT NULL,
        event_types text[] NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        secret_enc text NOT NULL,
        previous_secret_enc text,
        previous_secret_expires_at timestamptz,
        disabled_reason text,
        failing_since timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX webhook_endpoints_partner_idx ON webhook_endpoints (partner_id)`);
    await db.query(`
      CREATE TABLE webhook_messages (
        id bigserial PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        msg_id text NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CONSTRAINT webhook_messages_status_check CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
        attempts integer NOT NULL DEFAULT 0,
        relayed_at timestamptz,
        relay_round integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_messages_endpoint_msg_key UNIQUE (endpoint_id, msg_id)
      )`);
    await db.query(`CREATE INDEX webhook_messages_unrelayed_idx ON webhook_messages (id) WHERE relayed_at IS NULL`);
    await db.query(`
      CREATE TABLE webhook_attempts (
        id bigserial PRIMARY KEY,
        message_id bigint NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        status_code integer,
        latency_ms integer NOT NULL,
        response_excerpt text,
        error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (endpoint_id, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_attempts`);
    await db.query(`DROP TABLE webhook_messages`);
    await db.query(`DROP TABLE webhook_endpoints`);
  }
}
