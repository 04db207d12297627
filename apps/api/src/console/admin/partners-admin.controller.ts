import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import { PartnerEntity } from '@cohost/database';
import { ConflictError } from '@cohost/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreatePartnerDto, UpdatePartnerDto } from '../../partners/dto/create-partner.dto';
import { PartnersService } from '../../partners/partners.service';
import { timeZones } from '../../pages/page-locale';
import { FieldError, fieldErrors, FormValues, readFormValues, validateInto } from '../console-form';
import { CONSOLE_PATHS } from '../console-paths';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleMessageKey } from '../i18n';
import { ConsoleAuth, ConsoleController } from '../session/console-auth';
import { requireSlug } from '../../pages/page-params';
import { partnerNameIn, seeOther } from './admin-pages';

const FIELDS = ['slug', 'name_en', 'name_ja', 'country', 'timezone', 'contactEmail'] as const;

/** The partner form's field of a DTO path (`name.en` -> `name_en`). */
function fieldOf(path: string): string | undefined {
  if (path === 'name' || path === 'name.en') return 'name_en';
  if (path === 'name.ja') return 'name_ja';
  return (FIELDS as readonly string[]).includes(path) ? path : undefined;
}

/** The API's partner body for the form's values (an empty Japanese name is none). */
function partnerBody(values: FormValues, withSlug: boolean) {
  return {
    ...(withSlug ? { slug: values.slug } : {}),
    name: { en: values.name_en, ...(values.name_ja ? { ja: values.name_ja } : {}) },
    country: values.country.toUpperCase(),
    timezone: values.timezone,
    contactEmail: values.contactEmail,
  };
}

/** Hub admin: partners (list, add, edit) on PartnersService, the JSON API's. */
@ConsoleController('admin/partners')
@ConsoleAuth('admin')
export class PartnersAdminController {
  private readonly zones = timeZones();

  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly partners: PartnersService,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    const partners = await this.partners.list();
    await this.renderer.render(reply, view, 'admin/partners.eta', {
      title: view.t('partners.title'),
      notice: this.notice(request, view, partners),
      partners: partners.map((p) => ({
        slug: p.slug,
        name: partnerNameIn(p, view.locale),
        nameEn: p.nameEn,
        nameJa: p.nameJa,
        country: p.country,
        timezone: p.timezone,
        contactEmail: p.contactEmail,
      })),
    });
  }

  /** "Added" / "saved" after a redirect, naming the partner by its name (the query carries its slug). */
  private notice(request: FastifyRequest, view: ConsoleView, partners: PartnerEntity[]): string | null {
    const query = (request.query ?? {}) as Record<string, unknown>;
    for (const [param, key] of [
      ['created', 'partners.created'],
      ['updated', 'partners.updated'],
    ] as const) {
      const partner = partners.find((p) => p.slug === query[param]);
      if (partner) return view.t(key, { name: partnerNameIn(partner, view.locale) });
    }
    return null;
  }

  @Get('new')
  async newForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    const values: FormValues = {
      slug: '',
      name_en: '',
      name_ja: '',
      country: '',
      timezone: 'Asia/Tokyo',
      contactEmail: '',
    };
    await this.form(reply, view, { mode: 'new', values, errors: [] });
  }

  @Post()
  async create(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = readFormValues(body, FIELDS);
    const view = await this.renderer.view(request, reply, { path: `${CONSOLE_PATHS.admin.partners}/new` });
    const check = await validateInto(CreatePartnerDto, partnerBody(values, true));
    if (!check.ok) return this.invalid(reply, view, 'new', values, check.fields);
    try {
      const partner = await this.partners.create(check.value);
      seeOther(reply, `${CONSOLE_PATHS.admin.partners}?created=${encodeURIComponent(partner.slug)}`);
    } catch (error) {
      if (error instanceof ConflictError && error.code === 'PARTNER_SLUG_TAKEN') {
        return this.invalid(reply, view, 'new', values, { slug: [] }, { slug: 'field.slugTaken' });
      }
      throw error;
    }
  }

  @Get(':slug/edit')
  async editForm(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const partner = await this.partners.getBySlug(requireSlug(slug));
    const view = await this.renderer.view(request, reply);
    const values: FormValues = {
      slug: partner.slug,
      name_en: partner.nameEn,
      name_ja: partner.nameJa ?? '',
      country: partner.country,
      timezone: partner.timezone,
      contactEmail: partner.contactEmail,
    };
    await this.form(reply, view, { mode: 'edit', values, errors: [] });
  }

  @Post(':slug')
  async update(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const partner = await this.partners.getBySlug(requireSlug(slug));
    const values = { ...readFormValues(body, FIELDS), slug: partner.slug };
    const view = await this.renderer.view(request, reply, { path: `${CONSOLE_PATHS.admin.partners}/${slug}/edit` });
    const check = await validateInto(UpdatePartnerDto, partnerBody(values, false));
    if (!check.ok) return this.invalid(reply, view, 'edit', values, check.fields);
    await this.partners.update(partner.slug, check.value);
    seeOther(reply, `${CONSOLE_PATHS.admin.partners}?updated=${encodeURIComponent(partner.slug)}`);
  }

  private invalid(
    reply: FastifyReply,
    view: ConsoleView,
    mode: 'new' | 'edit',
    values: FormValues,
    paths: Record<string, string[]>,
    special: Record<string, ConsoleMessageKey> = {},
  ): Promise<void> {
    const errors = fieldErrors(paths, fieldOf, (field) =>
      view.t(special[field] ?? (`field.${field}` as ConsoleMessageKey)),
    );
    return this.form(reply, view, { mode, values, errors }, 400);
  }

  private form(
    reply: FastifyReply,
    view: ConsoleView,
    form: { mode: 'new' | 'edit'; values: FormValues; errors: FieldError[] },
    status = 200,
  ): Promise<void> {
    const title =
      form.mode === 'new'
        ? view.t('partners.newTitle')
        : view.t('partners.editTitle', { name: form.values.name_en || form.values.slug });
    return this.renderer.render(
      reply,
      view,
      'admin/partner-form.eta',
      {
        title,
        mode: form.mode,
        action:
          form.mode === 'new' ? CONSOLE_PATHS.admin.partners : `${CONSOLE_PATHS.admin.partners}/${form.values.slug}`,
        values: form.values,
        errors: form.errors,
        error: form.errors.length > 0 ? view.t('form.invalid') : null,
        zones: this.zones.map((z) => ({ value: z, label: z })),
      },
      status,
    );
  }
}
