import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A person who may sign in to the console as hub admin (`npm run cli -- add-admin`). */
@Entity({ name: 'hub_admins' })
// Unique on lower(email): an expression index, written in the migration.
@Index('hub_admins_email_key', { synchronize: false })
export class HubAdminEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  email: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
