import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { RegistrationEntity } from './registration.entity';

/**
 * A registrant's answer to a registration question, with a snapshot of the
 * question as answered (its version, kind, label and the answer as readable
 * text), so that changing or removing the question keeps the answer readable.
 * Written only by the registration writes (in the registering statement).
 */
@Entity({ name: 'registration_answers' })
export class RegistrationAnswerEntity {
  @PrimaryColumn({ name: 'registration_id', type: 'uuid', primaryKeyConstraintName: 'registration_answers_pkey' })
  registrationId: string;

  @ManyToOne(() => RegistrationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'registration_answers_registration_id_fkey' })
  registration?: Relation<RegistrationEntity>;

  @PrimaryColumn({ name: 'question_id', type: 'uuid', primaryKeyConstraintName: 'registration_answers_pkey' })
  questionId: string;

  @Column({ name: 'question_version', type: 'integer' })
  questionVersion: number;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'jsonb' })
  label: { en?: string; ja?: string };

  @Column({ type: 'jsonb' })
  value: string | string[] | boolean;

  @Column({ type: 'text' })
  text: string;
}
