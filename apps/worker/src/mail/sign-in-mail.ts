import { AppConfig } from '@cohost/config';
import { ConsoleSignInEntity } from '@cohost/database';
import { decideSignInDelivery, generateSecret, sha256, SIGN_IN_LINK_MINUTES } from '@cohost/domain';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MAIL_PORT, MailPort } from './mail-port';
import type { PendingNotification } from './mail-context.loader';

/** What the sender does with one `console.sign_in` row: skip it, or deliver it under a Message-ID. */
export type SignInPlan = { skip: string } | { deliver(messageId: string): Promise<{ messageId: string }> };

/**
 * The `console.sign_in` kind in the worker: loads the sign-in request behind
 * the row, decides whether the email still goes out, and at delivery mints
 * the link's secret (32 random bytes; only the SHA-256 and the expiry are
 * stored on the request, the plain secret exists only in this one email).
 * A retried send mints again: the latest email's link is the one that works.
 */
@Injectable()
export class SignInMail {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(MAIL_PORT) private readonly mail: MailPort,
  ) {}

  async plan(notification: PendingNotification): Promise<SignInPlan> {
    const [request]: Array<{ id: string; email: string; created_at: Date; used_at: Date | null; may: boolean }> =
      await this.dataSource.query(
        `SELECT s.id, s.email, s.created_at, s.used_at,
                EXISTS (SELECT 1 FROM hub_admins a WHERE lower(a.email) = lower(s.email))
                  OR EXISTS (SELECT 1 FROM organizers o WHERE lower(o.email) = lower(s.email) AND o.deactivated_at IS NULL)
                  AS may
           FROM notifications n JOIN console_sign_ins s ON s.id = n.sign_in_id
          WHERE n.id = $1`,
        [notification.id],
      );
    if (!request) return { skip: 'the sign-in request no longer exists' };
    const decision = decideSignInDelivery({
      requestedAt: request.created_at,
      usedAt: request.used_at,
      mayStillSignIn: request.may,
      now: new Date(),
    });
    if (!decision.send) return { skip: decision.reason };
    const locale = notification.data.locale === 'en' ? 'en' : 'ja';
    return {
      deliver: async (messageId) => {
        const token = generateSecret('');
        await this.dataSource.manager.update(
          ConsoleSignInEntity,
          { id: request.id },
          { tokenHash: sha256(token), expiresAt: new Date(Date.now() + SIGN_IN_LINK_MINUTES * 60_000) },
        );
        const link = `${this.config.http.publicBaseUrl}/console/sign-in/confirm?token=${encodeURIComponent(token)}`;
        return this.mail.deliverSignIn(
          {
            kind: 'console.sign_in',
            from: this.config.mail.from,
            recipient: { email: request.email, locale },
            link,
            validMinutes: SIGN_IN_LINK_MINUTES,
          },
          messageId,
        );
      },
    };
  }
}
