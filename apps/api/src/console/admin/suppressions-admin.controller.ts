import { NotFoundError } from '@cohost/domain';
import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatInstant } from '../../pages/page-format';
import { SuppressionsService } from '../../privacy/suppressions.service';
import { readFormValues } from '../console-form';
import { CONSOLE_PATHS } from '../console-paths';
import { ConsoleRenderer } from '../console-renderer.service';
import { ConsoleAuth, ConsoleController } from '../session/console-auth';
import { noticeOf, seeOther } from './admin-pages';

const PATH = CONSOLE_PATHS.admin.suppressions;
/** Rows per page. */
const PAGE = 50;
/** An address as stored (lower case, no spaces, quotes, brackets or control characters). */
// eslint-disable-next-line no-control-regex
const ADDRESS = /^[^\s"'<>(),;:\\[\]@\u0000-\u001f\u007f]{1,200}@[^\s"'<>(),;:\\[\]@\u0000-\u001f\u007f]{1,200}$/;

function queryText(query: unknown, name: string): string {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, 420).trim() : '';
}

/** The address to lift, from the path's query or the form; anything that is not one is 404. */
function addressOf(value: string): string {
  if (!ADDRESS.test(value)) throw new NotFoundError('SUPPRESSION_NOT_FOUND', 'No such suppressed address');
  return value.toLowerCase();
}

/**
 * Hub admin: addresses that get no bulk mail (unsubscribed, hard bounce),
 * with reason, the server's answer and since when, paged; lifting one after
 * a confirmation. Through the API's `SuppressionsService`.
 */
@ConsoleController('admin/suppressions')
@ConsoleAuth('admin')
export class SuppressionsAdminController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly suppressions: SuppressionsService,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    const raw = queryText(request.query, 'page');
    const page = /^\d{1,6}$/.test(raw) ? Math.max(1, Number(raw)) : 1;
    const rows = await this.suppressions.list({ limit: PAGE + 1, offset: (page - 1) * PAGE });
    await this.renderer.render(reply, view, 'admin/suppressions.eta', {
      title: view.t('suppressions.title'),
      notice: noticeOf(request, view, { removed: 'suppressions.removed' }, (_, v) => (ADDRESS.test(v) ? v : null)),
      newer: page > 1 ? `${PATH}?page=${page - 1}` : null,
      older: rows.length > PAGE ? `${PATH}?page=${page + 1}` : null,
      rows: rows.slice(0, PAGE).map((r) => ({
        ...r,
        reasonLabel:
          r.reason === 'unsubscribed' || r.reason === 'hard_bounce'
            ? view.t(`suppressions.reason.${r.reason}`)
            : r.reason,
        at: r.createdAt.toISOString(),
        when: formatInstant(r.createdAt, view.locale, 'UTC'),
        remove: `${PATH}/remove?address=${encodeURIComponent(r.address)}`,
        removeLabel: view.t('suppressions.removeLabel', { email: r.address }),
      })),
    });
  }

  @Get('remove')
  async confirm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const address = addressOf(queryText(request.query, 'address'));
    const rows = await this.suppressions.find(address);
    if (rows.length === 0) throw new NotFoundError('SUPPRESSION_NOT_FOUND', 'No such suppressed address');
    const view = await this.renderer.view(request, reply);
    await this.renderer.render(reply, view, 'admin/suppression-remove.eta', {
      title: view.t('suppressions.removeTitle', { email: address }),
      address,
      action: `${PATH}/remove`,
      back: PATH,
    });
  }

  @Post('remove')
  async remove(@Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    const address = addressOf(readFormValues(body, ['address'], 420).address);
    if (!(await this.suppressions.remove(address))) {
      throw new NotFoundError('SUPPRESSION_NOT_FOUND', 'No such suppressed address');
    }
    seeOther(reply, `${PATH}?removed=${encodeURIComponent(address)}`);
  }
}
