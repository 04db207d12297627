import { Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * Renders an HTML error page; when rendering it fails too, answers a
 * minimal bilingual page, still without internals, and logs why. Shared by
 * the public pages' and the console's exception filters.
 */
export async function renderErrorPageOrFallback(
  reply: FastifyReply,
  logger: Logger,
  render: () => Promise<void>,
): Promise<void> {
  try {
    await render();
  } catch (failure) {
    logger.error({ err: failure }, 'Rendering an error page failed');
    if (!reply.sent) {
      await reply
        .status(500)
        .type('text/html; charset=utf-8')
        .send('<!doctype html><html lang="en"><title>Error</title><h1>Error / エラー</h1></html>');
    }
  }
}
