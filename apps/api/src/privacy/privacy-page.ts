import type { FastifyReply, FastifyRequest } from 'fastify';

/** The `token` query parameter of a link from an email (unsubscribe, erasure). */
export function tokenOf(request: FastifyRequest): unknown {
  return ((request.query ?? {}) as Record<string, unknown>).token;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A small bilingual page for the links in email footers. Deliberately plain
 * (no layout, no session, no CSRF cookie): it is opened by people who may
 * never have visited the site, and its one form carries its own token.
 */
export async function sendPrivacyPage(reply: FastifyReply, title: string, status: number, body: string): Promise<void> {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
  await reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}
