import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Secrets the processes share and nobody configures: `link-signing`, the HMAC
 * key of the unsubscribe and erasure links in email footers (random, made by
 * the migration). Links carry no state in the database, so an email to ten
 * thousand people writes nothing per email for them.
 */
@Entity({ name: 'app_secrets' })
export class AppSecretEntity {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  value: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
