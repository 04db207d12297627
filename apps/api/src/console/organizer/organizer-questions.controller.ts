import { EventEntity } from '@cohost/database';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  questionsFingerprint,
  RegistrationQuestion,
} from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganizerCaller } from '../../auth/caller';
import { ValidationFailedException } from '../../http/validation';
import { PutQuestionsDto, QuestionInputDto } from '../../registrations/dto/questions.dto';
import { QuestionsService } from '../../registrations/questions.service';
import { FieldError, fieldErrors, validateInto } from '../console-form';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import { eventId, organizer } from './organizer-actions';
import { OrganizerEventsService } from './organizer-events.service';
import { eventTitle, ORGANIZER_PATHS } from './organizer-views';
import { basedOnOf, fieldMessage, QUESTION_PATHS, questionRow } from './question-views';
import {
  blankForm,
  fieldOfPath,
  formOf,
  inputOf,
  isChoiceKind,
  isTextKind,
  keptInput,
  KINDS,
  QuestionForm,
  readForm,
  withBlankRows,
} from './question-form';

const QUESTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DONE = ['added', 'saved', 'moved', 'deleted'] as const;
type Done = (typeof DONE)[number];

/**
 * The registration questions of a webinar: the list in order for the
 * parties; for the host's organizers, add, edit, delete and move up/down
 * (forms that work without JavaScript). Each change sends the whole list to
 * the JSON API's `QuestionsService.replace` (the service of `PUT
 * /api/v1/events/:id/questions`: the access matrix's `manage_questions`,
 * `planQuestions`, versions that keep old answers readable) after the API's
 * DTO validation; a co-host reads the list and gets 403 on every change.
 */
@ConsoleController('events')
@ConsoleAuth('organizer')
export class OrganizerQuestionsController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly events: OrganizerEventsService,
    private readonly questions: QuestionsService,
  ) {}

  @Get(':id/questions')
  async list(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    eventId(id);
    const { event } = await this.events.forParty(id, caller);
    const view = await this.renderer.view(request, reply);
    const done = (request.query as { done?: unknown } | undefined)?.done;
    const notice =
      typeof done === 'string' && (DONE as readonly string[]).includes(done)
        ? view.t(`org.qs.done.${done as Done}`)
        : undefined;
    await this.renderList(reply, view, caller, event, { notice }, 200);
  }

  @Get(':id/questions/new')
  async newForm(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const event = await this.forManage(id, caller);
    const view = await this.renderer.view(request, reply);
    await this.form(reply, view, event, undefined, blankForm(), [], 200);
  }

  @Post(':id/questions')
  async create(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const event = await this.forManage(id, caller);
    const form = readForm(body);
    const list = event.questions.map(keptInput);
    const { input, choiceRows } = inputOf(form);
    return this.save(request, reply, caller, event, {
      form,
      basedOn: basedOnOf(body),
      list: [...list, input],
      at: list.length,
      choiceRows,
      outcome: 'added',
    });
  }

  @Get(':id/questions/:qid/edit')
  async editForm(
    @Param('id') id: string,
    @Param('qid') qid: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const event = await this.forManage(id, caller);
    const question = this.questionOf(event, qid);
    const view = await this.renderer.view(request, reply);
    await this.form(reply, view, event, question, formOf(question), [], 200);
  }

  @Post(':id/questions/:qid')
  async update(
    @Param('id') id: string,
    @Param('qid') qid: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const event = await this.forManage(id, caller);
    const question = this.questionOf(event, qid);
    const form = readForm(body);
    const at = event.questions.indexOf(question);
    const { input, choiceRows } = inputOf(form, question.id);
    const list: unknown[] = event.questions.map(keptInput);
    list[at] = input;
    return this.save(request, reply, caller, event, {
      question,
      form,
      basedOn: basedOnOf(body),
      list,
      at,
      choiceRows,
      outcome: 'saved',
    });
  }

  /** Up or down by one place (`direction`); at either end nothing moves. */
  @Post(':id/questions/:qid/move')
  async move(
    @Param('id') id: string,
    @Param('qid') qid: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const event = await this.forManage(id, caller);
    const at = event.questions.indexOf(this.questionOf(event, qid));
    const direction = (body as { direction?: unknown } | undefined)?.direction;
    if (direction !== 'up' && direction !== 'down') {
      throw new ValidationFailedException({ direction: ['direction must be up or down'] });
    }
    const to = direction === 'up' ? at - 1 : at + 1;
    const list = event.questions.map(keptInput);
    if (to >= 0 && to < list.length) {
      [list[at], list[to]] = [list[to], list[at]];
      const saved = await this.replaceOrShow(request, reply, caller, event, list, basedOnOf(body));
      if (!saved) return;
    }
    return done(reply, event.id, 'moved');
  }

  /** Removes the question; answers already given keep their own copy of it (readable in lists and CSV). */
  @Post(':id/questions/:qid/delete')
  async remove(
    @Param('id') id: string,
    @Param('qid') qid: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const event = await this.forManage(id, caller);
    const question = this.questionOf(event, qid);
    const list = event.questions.filter((q) => q !== question).map(keptInput);
    if (await this.replaceOrShow(request, reply, caller, event, list, basedOnOf(body))) {
      return done(reply, event.id, 'deleted');
    }
  }

  /**
   * Saves a list of kept questions (moved or one left out); when the list
   * changed since the page showed it, shows the current list with status
   * 409 and says so. Whether it saved.
   */
  private async replaceOrShow(
    request: FastifyRequest,
    reply: FastifyReply,
    caller: OrganizerCaller,
    event: EventEntity,
    list: QuestionInputDto[],
    basedOn: string,
  ): Promise<boolean> {
    try {
      await this.questions.replace(event.id, caller, { questions: list }, { basedOn });
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const view = await this.renderer.view(request, reply, { path: QUESTION_PATHS.list(event.id) });
      const { event: current } = await this.events.forParty(event.id, caller);
      await this.renderList(reply, view, caller, current, { changed: view.t('org.qs.changed') }, 409);
      return false;
    }
  }

  private async renderList(
    reply: FastifyReply,
    view: ConsoleView,
    caller: OrganizerCaller,
    event: EventEntity,
    messages: { notice?: string; changed?: string },
    status: number,
  ) {
    const { questions } = await this.questions.list(event.id, caller);
    const t = view.t;
    const editable = this.events.allows(event, caller, 'manage_questions');
    await this.renderer.render(
      reply,
      view,
      'organizer/questions.eta',
      {
        title: t('org.qs.title', { title: eventTitle(event, view.locale).text }),
        editable,
        done: messages.notice,
        changed: messages.changed,
        basedOn: questionsFingerprint(questions),
        paths: { event: ORGANIZER_PATHS.event(event.id), create: QUESTION_PATHS.create(event.id) },
        questions: questions.map((q, i) => questionRow(q, i, questions.length, event.id, view)),
      },
      status,
    );
  }

  /** The event, if the caller may define its questions (the host's organizers); else 404/403 as in the API. */
  private async forManage(id: string, caller: OrganizerCaller): Promise<EventEntity> {
    eventId(id);
    const { event } = await this.events.forParty(id, caller);
    if (!this.events.allows(event, caller, 'manage_questions')) {
      throw new ForbiddenError('EVENT_FORBIDDEN', "Only the host's organizers define the registration questions");
    }
    return event;
  }

  private questionOf(event: EventEntity, qid: string): RegistrationQuestion {
    const question = QUESTION_ID.test(qid) ? event.questions.find((q) => q.id === qid) : undefined;
    if (!question) throw new NotFoundError('QUESTION_NOT_FOUND', 'No such question');
    return question;
  }

  /**
   * Validates the whole list with the API's DTO, then saves it through the
   * service (whose `planQuestions` checks choices, limits and ids); errors of
   * the edited question (`at`) are shown at its fields, status 400.
   */
  private async save(
    request: FastifyRequest,
    reply: FastifyReply,
    caller: OrganizerCaller,
    event: EventEntity,
    edit: {
      /** The question edited (none: a new one). */
      question?: RegistrationQuestion;
      form: QuestionForm;
      /** The fingerprint of the list the form was made on. */
      basedOn: string;
      list: unknown[];
      /** The edited question's place in `list`. */
      at: number;
      choiceRows: number[];
      outcome: Done;
    },
  ) {
    const { question, form, basedOn, list, at, choiceRows, outcome } = edit;
    const formView = () =>
      this.renderer.view(request, reply, {
        path: question ? `${QUESTION_PATHS.question(event.id, question.id)}/edit` : QUESTION_PATHS.create(event.id),
      });
    const invalid = async (fields: Record<string, string[]>) => {
      const view = await formView();
      const errors = fieldErrors(
        Object.fromEntries(Object.keys(fields).map((path) => [path, []])),
        (path) => fieldOfPath(path, at, choiceRows) ?? (path === 'questions' ? 'kind' : undefined),
        (field) => fieldMessage(view, field, form.kind, fields),
      );
      return this.form(reply, view, event, question, { ...form, choices: withBlankRows(form.choices) }, errors, 400, {
        basedOn,
      });
    };
    const check = await validateInto(PutQuestionsDto, { questions: list });
    if (!check.ok) return invalid(check.fields);
    try {
      await this.questions.replace(event.id, caller, check.value, { basedOn });
    } catch (error) {
      if (error instanceof ValidationFailedException) return invalid(error.fields);
      if (!(error instanceof ConflictError)) throw error;
      // Shown again on the list as it is now (this post read it): saving again applies the change to it.
      const view = await formView();
      return this.form(reply, view, event, question, { ...form, choices: withBlankRows(form.choices) }, [], 409, {
        basedOn: questionsFingerprint(event.questions),
        changed: view.t('org.qs.changed'),
      });
    }
    return done(reply, event.id, outcome);
  }

  private async form(
    reply: FastifyReply,
    view: ConsoleView,
    event: EventEntity,
    question: RegistrationQuestion | undefined,
    form: QuestionForm,
    errors: FieldError[],
    status: number,
    state: { basedOn?: string; changed?: string } = {},
  ) {
    const t = view.t;
    const title = eventTitle(event, view.locale).text;
    await this.renderer.render(
      reply,
      view,
      'organizer/question-form.eta',
      {
        title: question ? t('org.qs.editTitle', { title }) : t('org.qs.newTitle', { title }),
        action: question ? QUESTION_PATHS.question(event.id, question.id) : `/console/events/${event.id}/questions`,
        back: QUESTION_PATHS.list(event.id),
        editing: question !== undefined,
        form,
        kinds: KINDS.map((k) => ({ value: k, label: t(`org.qs.kind.${k}`) })),
        choiceKind: isChoiceKind(form.kind),
        textKind: isTextKind(form.kind),
        error: errors.length > 0 ? t('org.qs.invalid') : undefined,
        errors,
        changed: state.changed,
        basedOn: state.basedOn ?? questionsFingerprint(event.questions),
      },
      status,
    );
  }
}

function done(reply: FastifyReply, id: string, outcome: Done) {
  return reply
    .status(303)
    .header('location', `${QUESTION_PATHS.list(id)}?done=${outcome}`)
    .header('cache-control', 'no-store')
    .send();
}
