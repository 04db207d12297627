import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns of a registration's link secrets (cancel tokens, personal join
 * tokens): 32 random bytes of which only the SHA-256 is stored. Each table
 * adds its own relation, index and unique key names.
 */
export abstract class RegistrationSecretColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
