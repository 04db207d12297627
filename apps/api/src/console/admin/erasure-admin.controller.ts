import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EraseDto } from '../../privacy/erasure.controller';
import { ErasureService } from '../../privacy/erasure.service';
import { FieldError, readFormValues, validateInto } from '../console-form';
import { CONSOLE_PATHS } from '../console-paths';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';

const PATH = CONSOLE_PATHS.admin.erasure;

/**
 * Hub admin: erase a person by email address, in two steps: the address
 * (checked as the API checks it) shows what would be erased (counts, no
 * change), then a confirmation erases through the API's `ErasureService`
 * (audit entry under the admin's address) and shows what was erased.
 */
@ConsoleController('admin/erasure')
@ConsoleAuth('admin')
export class ErasureAdminController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly erasures: ErasureService,
  ) {}

  @Get()
  async form(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    await this.page(reply, view, { step: 'ask', email: '' });
  }

  /** Step 1: what would be erased. */
  @Post()
  async preview(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply, { path: PATH });
    const email = await this.address(body);
    if (!email.ok) return this.invalid(reply, view, email.typed);
    const counts = await this.erasures.preview(email.value);
    await this.page(reply, view, {
      step: 'confirm',
      email: email.value,
      title: view.t('erasure.confirmTitle', { email: email.value }),
      preview: view.t('erasure.preview', counts),
    });
  }

  /** Step 2: erased, in the request. */
  @Post('confirm')
  async erase(
    @Body() body: unknown,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const view = await this.renderer.view(request, reply, { path: PATH });
    const email = await this.address(body);
    if (!email.ok) return this.invalid(reply, view, email.typed);
    const result = await this.erasures.erase(email.value, { kind: 'admin', id: actor.email });
    await this.page(reply, view, {
      step: 'done',
      email: '',
      title: view.t('erasure.doneTitle'),
      done: view.t('erasure.done', {
        registrations: result.registrations,
        invitations: result.invitations,
        skipped: result.notificationsSkipped,
        webhooks: result.webhooksNotified,
      }),
    });
  }

  private async address(body: unknown): Promise<{ ok: true; value: string } | { ok: false; typed: string }> {
    const { email } = readFormValues(body, ['email'], 400);
    const check = await validateInto(EraseDto, { email });
    return check.ok ? { ok: true, value: check.value.email } : { ok: false, typed: email };
  }

  private invalid(reply: FastifyReply, view: ConsoleView, typed: string) {
    const errors: FieldError[] = [{ id: 'f-email', field: 'email', message: view.t('erasure.field.email') }];
    return this.page(reply, view, { step: 'ask', email: typed, errors }, 400);
  }

  private async page(
    reply: FastifyReply,
    view: ConsoleView,
    state: {
      step: 'ask' | 'confirm' | 'done';
      email: string;
      title?: string;
      preview?: string;
      done?: string;
      errors?: FieldError[];
    },
    status = 200,
  ): Promise<void> {
    const errors = state.errors ?? [];
    await this.renderer.render(
      reply,
      view,
      'admin/erasure.eta',
      {
        ...state,
        title: state.title ?? view.t('erasure.title'),
        action: PATH,
        confirmAction: `${PATH}/confirm`,
        values: { email: state.email },
        errors,
        error: errors.length > 0 ? view.t('form.invalid') : null,
        notice: state.done ?? null,
      },
      status,
    );
  }
}
