import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatInstant } from '../../pages/page-format';
import { AuditQueryDto } from '../../privacy/audit.controller';
import { AUDIT_ACTIONS, AuditService } from '../../privacy/audit.service';
import { validateInto } from '../console-form';
import { CONSOLE_PATHS } from '../console-paths';
import { ConsoleRenderer } from '../console-renderer.service';
import { ConsoleAuth, ConsoleController } from '../session/console-auth';

const PATH = CONSOLE_PATHS.admin.audit;
/** Entries per page. */
const PAGE = 50;

function queryText(query: unknown, name: string, max = 400): string {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max).trim() : '';
}

/**
 * Hub admin: the audit log, newest first, filtered by actor, action and
 * webinar (a GET form: the filter is in the URL), paged; read through the
 * API's `AuditService`, with the API's own checks of the filter (400).
 */
@ConsoleController('admin/audit')
@ConsoleAuth('admin')
export class AuditAdminController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    const values = {
      actor: queryText(request.query, 'actor'),
      action: queryText(request.query, 'action', 100),
      event: queryText(request.query, 'event', 100),
    };
    const rawPage = queryText(request.query, 'page', 10);
    const page = /^\d{1,6}$/.test(rawPage) ? Math.max(1, Number(rawPage)) : 1;
    const check = await validateInto(AuditQueryDto, {
      ...(values.actor ? { actor: values.actor } : {}),
      ...(values.action ? { action: values.action } : {}),
      ...(values.event ? { eventId: values.event } : {}),
    });
    const entries = check.ok
      ? await this.audit.list({ ...check.value, limit: PAGE + 1, offset: (page - 1) * PAGE })
      : [];
    const link = (p: number) => {
      const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
      if (p > 1) params.set('page', String(p));
      const q = params.toString();
      return q ? `${PATH}?${q}` : PATH;
    };
    await this.renderer.render(
      reply,
      view,
      'admin/audit.eta',
      {
        title: view.t('audit.title'),
        action: PATH,
        values,
        actions: [
          { value: '', label: view.t('audit.anyAction') },
          ...AUDIT_ACTIONS.map((a) => ({ value: a, label: a })),
        ],
        error: check.ok ? null : view.t('audit.field'),
        errors: [],
        page,
        newer: check.ok && page > 1 ? link(page - 1) : null,
        older: check.ok && entries.length > PAGE ? link(page + 1) : null,
        entries: entries.slice(0, PAGE).map((e) => ({
          ...e,
          at: e.at.toISOString(),
          when: formatInstant(e.at, view.locale, 'UTC'),
          detail: e.detail ? JSON.stringify(e.detail) : '',
        })),
      },
      check.ok ? 200 : 400,
    );
  }
}
