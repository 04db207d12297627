import { ConflictError } from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateOrganizerDto } from '../../organizers/dto/organizer.dto';
import { OrganizersService } from '../../organizers/organizers.service';
import { PartnersService } from '../../partners/partners.service';
import { FieldError, fieldErrors, FormValues, readFormValues, validateInto } from '../console-form';
import { CONSOLE_PATHS } from '../console-paths';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleMessageKey } from '../i18n';
import { ConsoleAuth, ConsoleController } from '../session/console-auth';
import { SessionsService } from '../session/sessions.service';
import { SignInService } from '../sign-in/sign-in.service';
import { requireSlug, requireUuid } from '../../pages/page-params';
import { noticeOf, partnerNameIn, seeOther } from './admin-pages';

const FIELDS = ['name', 'email'] as const;

/**
 * Hub admin: a partner's organizers on OrganizersService. Adding one emails
 * them a sign-in link (in the same transaction); deactivating one ends their
 * console sessions in the deactivation's transaction (their API tokens stop
 * working with the deactivation itself).
 */
@ConsoleController('admin/partners/:slug/organizers')
@ConsoleAuth('admin')
export class OrganizersAdminController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly partners: PartnersService,
    private readonly organizers: OrganizersService,
    private readonly signIns: SignInService,
    private readonly sessions: SessionsService,
  ) {}

  @Get()
  async list(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const view = await this.renderer.view(request, reply);
    await this.page(reply, view, requireSlug(slug), { name: '', email: '' }, [], 200, request);
  }

  @Post()
  async add(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    requireSlug(slug);
    const values = readFormValues(body, FIELDS, 300);
    const view = await this.renderer.view(request, reply, { path: this.path(slug) });
    const invalid = (paths: Record<string, string[]>, special: Record<string, ConsoleMessageKey> = {}) =>
      this.page(
        reply,
        view,
        slug,
        values,
        fieldErrors(
          paths,
          (p) => ((FIELDS as readonly string[]).includes(p) ? p : undefined),
          (f) => view.t(special[f] ?? (`field.${f}` as ConsoleMessageKey)),
        ),
        400,
      );
    const check = await validateInto(CreateOrganizerDto, values);
    if (!check.ok) return invalid(check.fields);
    try {
      await this.organizers.add(slug, check.value, (manager, organizer) =>
        this.signIns.request(organizer.email, view.locale, manager),
      );
    } catch (error) {
      if (error instanceof ConflictError && error.code === 'ORGANIZER_EXISTS') {
        return invalid({ email: [] }, { email: 'field.emailTaken' });
      }
      throw error;
    }
    seeOther(reply, `${this.path(slug)}?added=${encodeURIComponent(check.value.email)}`);
  }

  @Post(':id/deactivate')
  async deactivate(@Param('slug') slug: string, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const organizer = await this.organizers.deactivate(requireSlug(slug), requireUuid(id), (manager) =>
      this.sessions.endAllOfOrganizer(id, manager),
    );
    seeOther(reply, `${this.path(slug)}?deactivated=${encodeURIComponent(organizer.email)}`);
  }

  @Post(':id/reactivate')
  async reactivate(
    @Param('slug') slug: string,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const view = await this.renderer.view(request, reply);
    const organizer = await this.organizers.reactivate(requireSlug(slug), requireUuid(id), (manager, reactivated) =>
      this.signIns.request(reactivated.email, view.locale, manager),
    );
    seeOther(reply, `${this.path(slug)}?reactivated=${encodeURIComponent(organizer.email)}`);
  }

  private path(slug: string): string {
    return `${CONSOLE_PATHS.admin.partners}/${slug}/organizers`;
  }

  private async page(
    reply: FastifyReply,
    view: ConsoleView,
    slug: string,
    values: FormValues,
    errors: FieldError[],
    status = 200,
    request?: FastifyRequest,
  ): Promise<void> {
    const partner = await this.partners.getBySlug(slug);
    const organizers = await this.organizers.list(slug);
    const name = partnerNameIn(partner, view.locale);
    await this.renderer.render(
      reply,
      view,
      'admin/organizers.eta',
      {
        title: view.t('organizers.title', { name }),
        intro: view.t('organizers.intro', { name }),
        action: this.path(slug),
        notice: request
          ? noticeOf(
              request,
              view,
              {
                added: 'organizers.added',
                deactivated: 'organizers.deactivated',
                reactivated: 'organizers.reactivated',
              },
              (_, value) => organizers.find((o) => o.email.toLowerCase() === value.toLowerCase())?.email ?? null,
            )
          : null,
        organizers: organizers.map((o) => ({
          id: o.id,
          name: o.name,
          email: o.email,
          active: !o.deactivatedAt,
          deactivateLabel: view.t('organizers.deactivateLabel', { name: o.name }),
          reactivateLabel: view.t('organizers.reactivateLabel', { name: o.name }),
        })),
        values,
        errors,
        error: errors.length > 0 ? view.t('form.invalid') : null,
      },
      status,
    );
  }
}
