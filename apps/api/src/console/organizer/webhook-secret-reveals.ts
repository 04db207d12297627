import { AppConfig } from '@cohost/config';
import { openSecret, WebhooksRepository } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long after creating or rotating the secret page may be opened (once). */
const REVEAL_MS = 10 * 60_000;

export type RevealReason = 'created' | 'rotated';

/**
 * The one showing of a webhook secret in the console (`console_secret_reveals`,
 * its only writer): the POST that creates an endpoint or rotates its secret
 * grants it to the session, then redirects; the GET of the secret page takes
 * the grant (deleting it) and opens the endpoint's sealed secret. A reload,
 * another session or a later visit finds no grant and shows no secret.
 */
@Injectable()
export class WebhookSecretReveals {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async grant(sessionId: string, endpointId: string, reason: RevealReason): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO console_secret_reveals (session_id, endpoint_id, reason, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (session_id, endpoint_id) DO UPDATE SET reason = excluded.reason, expires_at = excluded.expires_at`,
      [sessionId, endpointId, reason, REVEAL_MS / 1000],
    );
  }

  /**
   * The endpoint's current secret and why it is shown, once; null when this
   * session has no (unexpired) grant for it. Call it after checking that the
   * endpoint is the caller's partner's.
   */
  async take(sessionId: string, endpointId: string): Promise<{ secret: string; reason: RevealReason } | null> {
    const [rows]: [Array<{ reason: RevealReason; live: boolean }>, number] = await this.dataSource.query(
      `DELETE FROM console_secret_reveals WHERE session_id = $1 AND endpoint_id = $2
       RETURNING reason, expires_at > now() AS live`,
      [sessionId, endpointId],
    );
    const grant = rows[0];
    const key = this.config.webhooks.secretKey;
    if (!grant?.live || !key) return null;
    const endpoint = await WebhooksRepository.findEndpoint(this.dataSource.manager, endpointId);
    return endpoint ? { secret: openSecret(endpoint.secretEnc, key), reason: grant.reason } : null;
  }
}
