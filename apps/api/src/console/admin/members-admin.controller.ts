import { ConflictError, InvalidInputError, NotFoundError } from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CreateMemberOrganizationDto,
  ImportMemberOrganizationsDto,
  MemberOrganizationDto,
  RosterImportReportDto,
  UpdateMemberOrganizationDto,
} from '../../members/dto/member-organization.dto';
import { MembersService } from '../../members/members.service';
import { FieldError, fieldErrors, FormValues, readFormValues, validateInto } from '../console-form';
import { CONSOLE_PATHS } from '../console-paths';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import { ConsoleUpload, csvText, uploadedFile, uploadStatus } from '../console-upload';
import type { ConsoleMessageKey } from '../i18n';
import { ConsoleAuth, ConsoleController } from '../session/console-auth';
import { requireUuid } from '../../pages/page-params';
import { noticeOf, seeOther } from './admin-pages';

const FIELDS = ['name_en', 'name_ja', 'domains'] as const;
const EMPTY: FormValues = { name_en: '', name_ja: '', domains: '', csv: '' };
/** The DTO's limit on the CSV (the API's body limit applies first). */
const CSV_MAX = 2_000_000;
const CSV_MAX_LABEL = '2 MB';

function fieldOf(path: string): string | undefined {
  if (path === 'name' || path.startsWith('name.') || path === 'member_name') return 'member_name';
  if (path === 'domains' || path.startsWith('domains.')) return 'domains';
  if (path === 'csv') return 'csv';
  return undefined;
}

/** Domain errors of MembersService that belong to one field of the form. */
const FIELD_OF_CODE: Record<string, string> = {
  NAME_REQUIRED: 'member_name',
  BAD_DOMAIN: 'domains',
  DOMAIN_TAKEN: 'domains',
};

/** The form as the API's body: names left out when empty, domains split on spaces, commas or semicolons. */
function plainOf(values: FormValues): object {
  return {
    name: { ...(values.name_en ? { en: values.name_en } : {}), ...(values.name_ja ? { ja: values.name_ja } : {}) },
    domains: values.domains.split(/[\s,;]+/).filter(Boolean),
  };
}

/** The form field a rule error of MembersService belongs to; any other error is rethrown. */
function fieldOfError(error: unknown): string {
  const field =
    error instanceof InvalidInputError || error instanceof ConflictError ? FIELD_OF_CODE[error.code] : undefined;
  if (!field) throw error;
  return field;
}

/** The organization's name in the page's language (falls back to the other one). */
function memberName(m: MemberOrganizationDto, locale: 'ja' | 'en'): string {
  return (locale === 'ja' ? (m.name.ja ?? m.name.en) : (m.name.en ?? m.name.ja)) ?? '';
}

/**
 * Hub admin: the roster of member organizations (list, add, CSV import with
 * its report) on MembersService, the service of `/api/v1/member-organizations`.
 */
@ConsoleController('admin/members')
@ConsoleAuth('admin')
export class MembersAdminController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly members: MembersService,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    await this.page(reply, view, { ...EMPTY }, [], null, 200, request);
  }

  @Post()
  async add(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = { ...EMPTY, ...readFormValues(body, FIELDS, 13_000) };
    const view = await this.renderer.view(request, reply, { path: CONSOLE_PATHS.admin.members });
    const invalid = (paths: Record<string, string[]>) =>
      this.page(
        reply,
        view,
        values,
        fieldErrors(paths, fieldOf, (f) => view.t(`field.${f}` as ConsoleMessageKey)),
        null,
        400,
      );
    const check = await validateInto(CreateMemberOrganizationDto, plainOf(values));
    if (!check.ok) return invalid(check.fields);
    let created: MemberOrganizationDto;
    try {
      created = await this.members.create(check.value);
    } catch (error) {
      return invalid({ [fieldOfError(error)]: [] });
    }
    seeOther(reply, `${CONSOLE_PATHS.admin.members}?added=${encodeURIComponent(created.id)}`);
  }

  /** The CSV pasted (`csv`) or, in a `multipart/form-data` post, chosen as a file (`file`, which wins). */
  @Post('import')
  @ConsoleUpload({ field: 'file', maxBytes: CSV_MAX })
  async import(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const pasted = typeof b.csv === 'string' ? b.csv : '';
    const view = await this.renderer.view(request, reply, { path: CONSOLE_PATHS.admin.members });
    const values = { ...EMPTY, csv: pasted.slice(0, 20_000) };
    const upload = uploadedFile(body, 'file');
    const read = upload.file ? csvText(upload.file) : undefined;
    // A file form with neither a file nor text: "missing" (the urlencoded form keeps its own message below).
    const missing = !read && pasted.trim() === '' && request.isMultipart();
    const problem = upload.problem ?? read?.problem ?? (missing ? 'missing' : undefined);
    if (problem) {
      const message = view.t(`upload.problem.${problem}`, { max: CSV_MAX_LABEL });
      return this.page(reply, view, values, [{ id: 'f-file', field: 'file', message }], null, uploadStatus(problem));
    }
    const csv = read?.text ?? pasted;
    const check = await validateInto(ImportMemberOrganizationsDto, { csv });
    if (!check.ok || csv.trim() === '' || csv.length > CSV_MAX) {
      const errors = fieldErrors({ csv: [] }, fieldOf, (f) => view.t(`field.${f}` as ConsoleMessageKey));
      return this.page(reply, view, values, errors, null, 400);
    }
    const report = await this.members.import(check.value.csv);
    await this.page(reply, view, { ...EMPTY }, [], report, 200);
  }

  @Get(':id/edit')
  async editForm(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const member = await this.get(id);
    const view = await this.renderer.view(request, reply);
    const values = { name_en: member.name.en ?? '', name_ja: member.name.ja ?? '', domains: member.domains.join(' ') };
    await this.editPage(reply, view, member, values, []);
  }

  @Post(':id')
  async edit(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const member = await this.get(id);
    const values = readFormValues(body, FIELDS, 13_000);
    const view = await this.renderer.view(request, reply, { path: `${CONSOLE_PATHS.admin.members}/${member.id}/edit` });
    const invalid = (paths: Record<string, string[]>) =>
      this.editPage(
        reply,
        view,
        member,
        values,
        fieldErrors(paths, fieldOf, (f) => view.t(`field.${f}` as ConsoleMessageKey)),
        400,
      );
    const check = await validateInto(UpdateMemberOrganizationDto, plainOf(values));
    if (!check.ok) return invalid(check.fields);
    try {
      await this.members.update(member.id, check.value);
    } catch (error) {
      return invalid({ [fieldOfError(error)]: [] });
    }
    seeOther(reply, `${CONSOLE_PATHS.admin.members}?saved=${encodeURIComponent(member.id)}`);
  }

  private async get(id: string): Promise<MemberOrganizationDto> {
    requireUuid(id);
    const found = (await this.members.list()).find((m) => m.id === id);
    if (!found) throw new NotFoundError('PAGE_NOT_FOUND', 'No such page');
    return found;
  }

  private editPage(
    reply: FastifyReply,
    view: ConsoleView,
    member: MemberOrganizationDto,
    values: FormValues,
    errors: FieldError[],
    status = 200,
  ): Promise<void> {
    return this.renderer.render(
      reply,
      view,
      'admin/member-form.eta',
      {
        title: view.t('members.editTitle', { name: memberName(member, view.locale) }),
        action: `${CONSOLE_PATHS.admin.members}/${member.id}`,
        values,
        errors,
        error: errors.length > 0 ? view.t('form.invalid') : null,
      },
      status,
    );
  }

  private async page(
    reply: FastifyReply,
    view: ConsoleView,
    values: FormValues,
    errors: FieldError[],
    report: RosterImportReportDto | null,
    status = 200,
    request?: FastifyRequest,
  ): Promise<void> {
    const members = await this.members.list();
    await this.renderer.render(
      reply,
      view,
      'admin/members.eta',
      {
        title: view.t('members.title'),
        action: CONSOLE_PATHS.admin.members,
        notice: request
          ? noticeOf(request, view, { added: 'members.added', saved: 'members.saved' }, (_, value) => {
              const found = members.find((m) => m.id === value);
              return found ? memberName(found, view.locale) : null;
            })
          : null,
        members: members.map((m) => ({
          id: m.id,
          nameEn: m.name.en ?? null,
          nameJa: m.name.ja ?? null,
          domains: m.domains,
          editLabel: view.t('members.editLabel', { name: memberName(m, view.locale) }),
        })),
        report: report && {
          imported: view.t('members.imported', { count: String(report.imported) }),
          rejected: report.rejected,
        },
        values,
        errors,
        error: errors.length > 0 ? view.t('form.invalid') : null,
      },
      status,
    );
  }
}
