import type { FastifyReply } from 'fastify';
import type { PageContext } from './page-context';

/** A page to send: its template, its status and the template's data (`title` goes into the layout). */
export interface PageView {
  template: string;
  status: number;
  data: { title: string } & Record<string, unknown>;
}

/** Renders a view in the layout and sends it; pages carry CSRF tokens and personal data, so never cached. */
export async function sendPage(reply: FastifyReply, ctx: PageContext, view: PageView): Promise<void> {
  const html = await reply.viewAsync(view.template, {
    ...view.data,
    t: ctx.t,
    page: { ...ctx.page, title: view.data.title },
  });
  await reply.status(view.status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}
