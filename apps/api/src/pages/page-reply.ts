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
  await sendHtml(reply, view.status, await renderPage(reply, ctx, view));
}

/** A view rendered in the layout. */
export function renderPage(reply: FastifyReply, ctx: PageContext, view: PageView): Promise<string> {
  return reply.viewAsync(view.template, { ...view.data, t: ctx.t, page: { ...ctx.page, title: view.data.title } });
}

/** Sends a rendered page; never stored by browsers or proxies (the server keeps what is shared, see PageCache). */
export async function sendHtml(reply: FastifyReply, status: number, html: string): Promise<void> {
  await reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}
