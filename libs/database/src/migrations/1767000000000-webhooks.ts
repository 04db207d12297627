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
 * `webhook_emit()` is the one writer of messages (WebhookOutbox.emit calls
 * it; so does the trigger that turns every inserted registration into
 * `registration.created`, whatever statement inserted it, without a round
 * trip on the registration path). It holds the consent rule: a receiving
 * co-host gets the registrant's name, email and organization only when the
 * registrant chose to share with co-hosts; the host always does.
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
        next_attempt_at timestamptz,
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
    await db.query(`
      CREATE FUNCTION webhook_emit(p_type text, p_event_id uuid, p_registration_id uuid, p_partner_ids uuid[],
                                   p_data jsonb, p_msg_id text, p_at timestamptz) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE
        v_event uuid := p_event_id;
        v_host uuid;
        v_reg registrations%ROWTYPE;
        v_count integer;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled AND p_type = ANY(event_types)) THEN
          RETURN 0;
        END IF;
        IF p_registration_id IS NOT NULL THEN
          SELECT * INTO v_reg FROM registrations WHERE id = p_registration_id;
          v_event := coalesce(v_event, v_reg.event_id);
        END IF;
        SELECT host_partner_id INTO v_host FROM events WHERE id = v_event;
        WITH receivers AS (
          SELECT p AS partner_id FROM unnest(p_partner_ids) p
          UNION
          SELECT v_host WHERE p_partner_ids IS NULL AND v_host IS NOT NULL
          UNION
          SELECT c.partner_id FROM event_cohosts c
           WHERE p_partner_ids IS NULL AND c.event_id = v_event AND c.status = 'accepted'
        ), inserted AS (
          INSERT INTO webhook_messages (endpoint_id, msg_id, type, payload)
          SELECT w.id, p_msg_id, p_type, jsonb_build_object(
                   'type', p_type,
                   'timestamp', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   'data', coalesce(p_data, '{}'::jsonb)
                     || CASE WHEN v_event IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('eventId', v_event) END
                     || CASE WHEN v_reg.id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('registration',
                          jsonb_build_object('id', v_reg.id, 'eventId', v_reg.event_id, 'status', v_reg.status)
                          || CASE WHEN w.partner_id = v_host OR v_reg.share_with_cohosts
                                  THEN jsonb_build_object('registrant', jsonb_build_object(
                                         'name', v_reg.name, 'email', v_reg.email,
                                         'organization', v_reg.organization))
                                  ELSE '{}'::jsonb END) END)
            FROM webhook_endpoints w JOIN receivers r ON r.partner_id = w.partner_id
           WHERE w.enabled AND p_type = ANY(w.event_types)
           ORDER BY w.created_at, w.id
          ON CONFLICT (endpoint_id, msg_id) DO NOTHING
          RETURNING 1
        )
        SELECT count(*) INTO v_count FROM inserted;
        IF v_count > 0 THEN
          PERFORM pg_notify('cohost_outbox', '');
        END IF;
        RETURN v_count;
      END $$`);
    await db.query(`
      CREATE FUNCTION webhook_registrations_created() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        r record;
      BEGIN
        IF EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled AND 'registration.created' = ANY(event_types)) THEN
          FOR r IN SELECT id FROM new_rows ORDER BY created_at, id LOOP
            PERFORM webhook_emit('registration.created', NULL, r.id, NULL, NULL,
                                 'msg_' || replace(gen_random_uuid()::text, '-', ''), now());
          END LOOP;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER registrations_webhooks AFTER INSERT ON registrations
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_registrations_created()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER registrations_webhooks ON registrations`);
    await db.query(`DROP FUNCTION webhook_registrations_created()`);
    await db.query(`DROP FUNCTION webhook_emit(text, uuid, uuid, uuid[], jsonb, text, timestamptz)`);
    await db.query(`DROP TABLE webhook_attempts`);
    await db.query(`DROP TABLE webhook_messages`);
    await db.query(`DROP TABLE webhook_endpoints`);
  }
}
