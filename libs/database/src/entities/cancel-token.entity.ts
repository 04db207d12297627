import { Entity, Index, JoinColumn, ManyToOne, Unique, Relation } from 'typeorm';
import { RegistrationSecretColumns } from './registration-secret.columns';
import { RegistrationEntity } from './registration.entity';

/**
 * A cancel link's secret: 32 random bytes, only the SHA-256 stored. Each email
 * that carries a cancel link mints its own token (the plain secret exists only
 * in that email), so older links keep working; any of them cancels once, after
 * which the registration is cancelled and every token answers 404.
 */
@Entity({ name: 'registration_cancel_tokens' })
@Unique('registration_cancel_tokens_hash_key', ['tokenHash'])
@Index('registration_cancel_tokens_registration_idx', ['registrationId'])
export class CancelTokenEntity extends RegistrationSecretColumns {
  @ManyToOne(() => RegistrationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'registration_cancel_tokens_registration_id_fkey' })
  registration?: Relation<RegistrationEntity>;
}
