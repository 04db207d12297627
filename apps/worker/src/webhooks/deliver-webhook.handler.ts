import { AddressAllowList, checkWebhookTarget, ForbiddenTargetError } from '@cohost/common';
import { AppConfig } from '@cohost/config';
import { openSecret, signWebhook, WebhooksRepository } from '@cohost/database';
import { afterFailedAttempt } from '@cohost/domain';
import { JobContext, JobHandler, JobPayload, JobResult } from '@cohost/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { postWebhook, type PostOutcome } from './webhook-post';

interface MessageRow {
  id: string;
  msg_id: string;
  type: string;
  payload: unknown;
  status: string;
  attempts: number;
  next_attempt_at: Date | null;
  endpoint_id: string;
  url: string;
  enabled: boolean;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
}

/**
 * Delivers one webhook message (Standard Webhooks): checks the endpoint's
 * address again (after DNS, every time), signs with the endpoint's secret
 * (and the previous one during a rotation), POSTs, and logs the attempt. A
 * 2xx delivers; a 410 disables the endpoint; anything else (3xx included:
 * redirects are not followed) is retried on the schedule, counted on the
 * row and postponed in BullMQ, until the schedule ends or the endpoint has
 * failed for `WEBHOOK_DISABLE_AFTER_MS`, which disables it; a disablement
 * (410 or failing) emails the partner's contact address once.
 */
@Injectable()
export class DeliverWebhookHandler implements JobHandler<'deliver-webhook'> {
  readonly jobName = 'deliver-webhook' as const;
  private readonly logger = new Logger(DeliverWebhookHandler.name);
  private readonly allow: AddressAllowList;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.allow = new AddressAllowList(config.webhooks.allowHosts);
  }

  async handle(data: JobPayload<'deliver-webhook'>, context: JobContext): Promise<JobResult> {
    const [row]: MessageRow[] = await this.dataSource.query(
      `SELECT m.id::text, m.msg_id, m.type, m.payload, m.status, m.attempts, m.next_attempt_at,
              e.id AS endpoint_id, e.url, e.enabled, e.secret_enc, e.previous_secret_enc,
              e.previous_secret_expires_at, e.failing_since
         FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
        WHERE m.id = $1`,
      [data.messageId],
    );
    if (!row) return { outcome: 'skipped', detail: 'message deleted' };
    if (row.status !== 'pending') return { outcome: 'skipped', detail: row.status };
    if (!row.enabled) {
      await this.finish(row.id, 'skipped', 'endpoint disabled');
      return { outcome: 'skipped', detail: 'endpoint disabled' };
    }
    const wait = row.next_attempt_at ? row.next_attempt_at.getTime() - Date.now() : 0;
    if (wait > 0) return context.postpone(wait);

    const key = this.config.webhooks.secretKey;
    if (!key) throw new Error('WEBHOOK_SECRET_KEY is not set: webhook secrets cannot be opened');
    const attempt = row.attempts + 1;
    const body = JSON.stringify(row.payload);
    const now = new Date();
    let outcome: PostOutcome;
    try {
      const target = await checkWebhookTarget(row.url, this.allow);
      const secrets = [openSecret(row.secret_enc, key)];
      if (row.previous_secret_enc && row.previous_secret_expires_at && row.previous_secret_expires_at > now) {
        secrets.push(openSecret(row.previous_secret_enc, key));
      }
      const headers = {
        'webhook-id': row.msg_id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signWebhook(secrets, row.msg_id, now, body),
      };
      outcome = await postWebhook(target, headers, body, this.config.webhooks.timeoutMs);
    } catch (error) {
      if (!(error instanceof ForbiddenTargetError)) throw error;
      outcome = { statusCode: null, latencyMs: 0, excerpt: null, error: `refused: ${error.message}` };
    }
    await this.dataSource.query(
      `INSERT INTO webhook_attempts (message_id, endpoint_id, attempt, status_code, latency_ms, response_excerpt, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.endpoint_id, attempt, outcome.statusCode, outcome.latencyMs, outcome.excerpt, outcome.error],
    );
    const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    if (ok) {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `UPDATE webhook_messages SET status = 'delivered', attempts = $2, next_attempt_at = NULL, last_error = NULL,
                  updated_at = now() WHERE id = $1`,
          [row.id, attempt],
        );
        await WebhooksRepository.markHealthy(manager, row.endpoint_id);
      });
      return { outcome: 'delivered', detail: `${outcome.statusCode} on attempt ${attempt}` };
    }

    const error = outcome.error ?? `HTTP ${outcome.statusCode}`;
    const failingSince = await WebhooksRepository.markFailing(this.dataSource.manager, row.endpoint_id, now);
    const next = afterFailedAttempt({
      attempt,
      statusCode: outcome.statusCode,
      scheduleMs: this.config.webhooks.retryScheduleMs,
      failingSince,
      now,
      disableAfterMs: this.config.webhooks.disableAfterMs,
      random: Math.random(),
    });
    if (next.next === 'retry') {
      await this.dataSource.query(
        `UPDATE webhook_messages SET attempts = $2, next_attempt_at = $3, last_error = $4, updated_at = now()
          WHERE id = $1`,
        [row.id, attempt, new Date(now.getTime() + next.delayMs), error],
      );
      return context.postpone(next.delayMs);
    }
    if (next.next === 'disable') {
      const reason = next.reason;
      // Disabled, and the partner's contact emailed (once), in one transaction.
      const disabled = await this.dataSource.transaction((manager) =>
        WebhooksRepository.disableEndpoint(manager, row.endpoint_id, { reason, lastError: error, now }),
      );
      if (disabled) this.logger.warn(`webhook endpoint ${row.endpoint_id} disabled (${reason}); its partner emailed`);
    }
    await this.finish(row.id, 'failed', error, attempt);
    return { outcome: 'failed', detail: `${error} on attempt ${attempt}` };
  }

  private async finish(id: string, status: 'failed' | 'skipped', error: string, attempts?: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_messages SET status = $2, last_error = $3, attempts = coalesce($4, attempts),
              next_attempt_at = NULL, updated_at = now() WHERE id = $1`,
      [id, status, error, attempts ?? null],
    );
  }
}
