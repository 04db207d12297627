import { EventsRepository } from '@cohost/database';
import { ConflictError, planQuestions, questionsFingerprint } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { ValidationFailedException } from '../http/validation';
import { PutQuestionsDto, QuestionListDto } from './dto/questions.dto';

/**
 * An event's registration questions: anyone who may see the event reads
 * them (the public form needs them); only the host's organizers define them.
 * They live on the event row (`events.questions`), so registering reads them
 * with the event; answers keep their own snapshot of the question.
 */
@Injectable()
export class QuestionsService {
  constructor(
    private readonly access: EventAccessService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(idOrSlug: string, caller: Caller | undefined): Promise<QuestionListDto> {
    const { event } = await this.access.require(idOrSlug, caller, 'read');
    return { questions: event.questions };
  }

  /**
   * Replaces the list in one transaction with the event row locked (a
   * concurrent edit waits). `basedOn` (the console's editor): the
   * `questionsFingerprint` of the list the change was made to; when the list
   * is another by now, 409 `QUESTIONS_CHANGED` and nothing is stored.
   */
  async replace(
    idOrSlug: string,
    caller: Caller,
    dto: PutQuestionsDto,
    options: { basedOn?: string } = {},
  ): Promise<QuestionListDto> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.access.require(idOrSlug, caller, 'manage_questions', { manager, lock: true });
      if (options.basedOn !== undefined && questionsFingerprint(event.questions) !== options.basedOn) {
        throw new ConflictError(
          'QUESTIONS_CHANGED',
          'The questions were changed meanwhile: open them again and repeat the change',
        );
      }
      const plan = planQuestions(event.questions, dto.questions, randomUUID);
      if (!plan.ok) throw new ValidationFailedException(plan.fields);
      await EventsRepository.replaceQuestions(manager, event.id, plan.questions);
      return { questions: plan.questions };
    });
  }
}
