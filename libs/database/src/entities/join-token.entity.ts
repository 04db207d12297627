import { Entity, Index, JoinColumn, ManyToOne, Unique, Relation } from 'typeorm';
import { RegistrationSecretColumns } from './registration-secret.columns';
import { RegistrationEntity } from './registration.entity';

/**
 * A personal join link's secret (`/j/<token>`): 32 random bytes, only the
 * SHA-256 stored. Minted by the worker for each email that carries the link
 * (the plain secret exists only in that email and its calendar file); every
 * one of a registration's tokens stays valid, so the link in an older email
 * or calendar entry works as well as the newest.
 */
@Entity({ name: 'registration_join_tokens' })
@Unique('registration_join_tokens_hash_key', ['tokenHash'])
@Index('registration_join_tokens_registration_idx', ['registrationId'])
export class JoinTokenEntity extends RegistrationSecretColumns {
  @ManyToOne(() => RegistrationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'registration_join_tokens_registration_id_fkey' })
  registration?: Relation<RegistrationEntity>;
}
