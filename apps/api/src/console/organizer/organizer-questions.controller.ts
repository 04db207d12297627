import { EventEntity } from '@cohost/database';
import { ForbiddenError, labelIn, NotFoundError, RegistrationQuestion } from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganizerCaller } from '../../auth/caller';
import { ValidationFailedException } from '../../http/validation';
import { PutQuestionsDto } from '../../registrations/dto/questions.dto';
import { QuestionsService } from '../../registrations/questions.service';
import { FieldError, fieldErrors, validateInto } from '../console-form';
import { ConsoleMessageKey } from '../i18n';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import { eventId, organizer } from './organizer-actions';
import { OrganizerEventsService } from './organizer-events.service';
import { eventTitle, ORGANIZER_PATHS } from './organizer-views';
import {
  blankForm,
  fieldOfPath,
  formOf,
  inputOf,
  isChoiceKind,
  isTextKind,
  keptInput,
  KINDS,
  maxLengthLimit,
  QuestionForm,
  readForm,
  withBlankRows,
} from './question-form';

const QUESTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DONE = ['added', 'saved', 'moved', 'deleted'] as const;
type Done = (typeof DONE)[number];

const paths = {
  list: (id: string) => ORGANIZER_PATHS.questions(id),
  create: (id: string) => `/console/events/${id}/questions/new`,
  question: (id: string, qid: string) => `/console/events/${id}/questions/${qid}`,
};

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
    const { questions } = await this.questions.list(event.id, caller);
    const view = await this.renderer.view(request, reply);
    const t = view.t;
    const editable = this.events.allows(event, caller, 'manage_questions');
    const done = (request.query as { done?: unknown } | undefined)?.done;
    await this.renderer.render(reply, view, 'organizer/questions.eta', {
      title: t('org.qs.title', { title: eventTitle(event, view.locale).text }),
      editable,
      done:
        typeof done === 'string' && (DONE as readonly string[]).includes(done)
          ? t(`org.qs.done.${done as Done}`)
          : undefined,
      paths: { event: ORGANIZER_PATHS.event(event.id), create: paths.create(event.id) },
      questions: questions.map((q, i) => ({
        id: q.id,
        number: i + 1,
        label: labelIn(q.label, view.locale),
        labelEn: q.label.en ?? '',
        labelJa: q.label.ja ?? '',
        kind: t(`org.qs.kind.${q.kind}`),
        required: q.required,
        maxLength: q.maxLength,
        choices: q.choices.map((c) => labelIn(c.label, view.locale)),
        edit: `${paths.question(event.id, q.id)}/edit`,
        move: `${paths.question(event.id, q.id)}/move`,
        remove: `${paths.question(event.id, q.id)}/delete`,
        first: i === 0,
        last: i === questions.length - 1,
      })),
    });
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
    return this.save(
      request,
      reply,
      caller,
      event,
      undefined,
      form,
      [...list, input],
      list.length,
      choiceRows,
      'added',
    );
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
    return this.save(request, reply, caller, event, question, form, list, at, choiceRows, 'saved');
  }

  /** Up or down by one place (`direction`); at either end nothing moves. */
  @Post(':id/questions/:qid/move')
  async move(
    @Param('id') id: string,
    @Param('qid') qid: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
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
      await this.questions.replace(event.id, caller, { questions: list });
    }
    return done(reply, event.id, 'moved');
  }

  /** Removes the question; answers already given keep their own copy of it (readable in lists and CSV). */
  @Post(':id/questions/:qid/delete')
  async remove(
    @Param('id') id: string,
    @Param('qid') qid: string,
    @Actor() actor: ConsoleActor,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    const event = await this.forManage(id, caller);
    const question = this.questionOf(event, qid);
    const list = event.questions.filter((q) => q !== question).map(keptInput);
    await this.questions.replace(event.id, caller, { questions: list });
    return done(reply, event.id, 'deleted');
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
    question: RegistrationQuestion | undefined,
    form: QuestionForm,
    list: unknown[],
    at: number,
    choiceRows: number[],
    outcome: Done,
  ) {
    const invalid = async (fields: Record<string, string[]>) => {
      const view = await this.renderer.view(request, reply, {
        path: question ? `${paths.question(event.id, question.id)}/edit` : paths.create(event.id),
      });
      const errors = fieldErrors(
        Object.fromEntries(Object.keys(fields).map((path) => [path, []])),
        (path) => fieldOfPath(path, at, choiceRows) ?? (path === 'questions' ? 'kind' : undefined),
        (field) => fieldMessage(view, field, form.kind, fields),
      );
      return this.form(reply, view, event, question, { ...form, choices: withBlankRows(form.choices) }, errors, 400);
    };
    const check = await validateInto(PutQuestionsDto, { questions: list });
    if (!check.ok) return invalid(check.fields);
    try {
      await this.questions.replace(event.id, caller, check.value);
    } catch (error) {
      if (error instanceof ValidationFailedException) return invalid(error.fields);
      throw error;
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
  ) {
    const t = view.t;
    const title = eventTitle(event, view.locale).text;
    await this.renderer.render(
      reply,
      view,
      'organizer/question-form.eta',
      {
        title: question ? t('org.qs.editTitle', { title }) : t('org.qs.newTitle', { title }),
        action: question ? paths.question(event.id, question.id) : `/console/events/${event.id}/questions`,
        back: paths.list(event.id),
        editing: question !== undefined,
        form,
        kinds: KINDS.map((k) => ({ value: k, label: t(`org.qs.kind.${k}`) })),
        choiceKind: isChoiceKind(form.kind),
        textKind: isTextKind(form.kind),
        error: errors.length > 0 ? t('org.qs.invalid') : undefined,
        errors,
      },
      status,
    );
  }
}

/** The message of a field in error, in the page's language. */
function fieldMessage(view: ConsoleView, field: string, kind: string, fields: Record<string, string[]>): string {
  const t = view.t;
  if (field.startsWith('choice-')) {
    const row = Number(field.split('-')[1]) + 1;
    return t('org.qs.err.choice', { n: row });
  }
  if (field === 'maxLength') return t('org.qs.err.maxLength', { max: maxLengthLimit(kind) });
  if (field === 'kind' && Object.keys(fields).includes('questions')) return t('org.qs.err.tooMany');
  const key = `org.qs.err.${field}` as ConsoleMessageKey;
  return t(key);
}

function done(reply: FastifyReply, id: string, outcome: Done) {
  return reply
    .status(303)
    .header('location', `${paths.list(id)}?done=${outcome}`)
    .header('cache-control', 'no-store')
    .send();
}
