import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An address that gets no more emails of a scope: `bulk` is every kind the
 * catalogue marks `listUnsubscribe` (announcements, follow-ups, invitations).
 * Written by a one-click unsubscribe (`unsubscribed`) or by an SMTP 5xx at
 * send time (`hard_bounce`); read by the sender before each email. Keyed by
 * the address as stored (normalised: lower-case, NFKC, IDNA).
 */
@Entity({ name: 'mail_suppressions' })
export class MailSuppressionEntity {
  @PrimaryColumn({ type: 'text' })
  address: string;

  @PrimaryColumn({ type: 'text' })
  scope: string;

  /** `unsubscribed` or `hard_bounce`. */
  @Column({ type: 'text' })
  reason: string;

  /** The server's answer for a hard bounce. */
  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
