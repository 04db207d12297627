import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { AppConfig } from '@cohost/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_PATHS, SESSION_COOKIE } from '../console/console-paths';
import { SessionsService } from '../console/session/sessions.service';
import { QueueHandles } from './queue-handles';
import { refuse } from './refusal';

export const QUEUE_DASHBOARD_PATH = '/console/queues';

/**
 * With `QUEUE_DASHBOARD_WRITE=true`, the only changes the dashboard may make:
 * retry and clean (of one job, or of a queue's jobs in a state). Pausing,
 * emptying, obliterating, adding or editing jobs stays refused (405): the
 * relay and the send ledger assume the queues hold only what they put there.
 */
const WRITES = new Set(
  [
    '/api/queues/:queueName/retry/:queueStatus',
    '/api/queues/:queueName/:jobId/retry',
    '/api/queues/:queueName/clean/:queueStatus',
    '/api/queues/:queueName/:jobId/clean',
  ].map((r) => `${QUEUE_DASHBOARD_PATH}${r}`),
);

/**
 * The BullMQ dashboard (bull-board) at `/console/queues`, for hub admins
 * signed in to the console. Its routes are a Fastify plugin, outside Nest's
 * guards, so the plugin's own `onRequest` hook does what `ConsoleSessionGuard`
 * with `@ConsoleAuth('admin')` does: no session -> 303 to the sign-in page
 * (401 for its JSON calls), a session without the admin role -> 403.
 * Read-only (bull-board's `readOnlyMode`, enforced by its API too) unless
 * `QUEUE_DASHBOARD_WRITE=true`. Its writes are `fetch` calls with the
 * session cookie (SameSite=Lax: never sent by another site's requests); a
 * write whose `Origin` is another host is refused as well.
 */
export async function registerQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const sessions = app.get(SessionsService);
  const readOnlyMode = !config.operations.queueDashboardWrite;
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get(QueueHandles)
      .all()
      .map((queue) => new BullMQAdapter(queue, { readOnlyMode, allowRetries: !readOnlyMode })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'cohost queues' } },
  });
  const plugin = serverAdapter.registerPlugin();
  await app.register(
    async (scope: FastifyInstance) => {
      scope.addHook('onRequest', async (request, reply) => admitAdmin(sessions, request, reply));
      await scope.register(plugin);
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}

/** The console's admin check for the dashboard's routes; returns the reply when it answered (refused). */
async function admitAdmin(
  sessions: SessionsService,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const session = await sessions.resolve(request.cookies?.[SESSION_COOKIE]);
  if (!session) {
    if (request.method === 'GET' && !request.url.startsWith(`${QUEUE_DASHBOARD_PATH}/api/`)) {
      await reply.code(303).header('location', CONSOLE_PATHS.signIn).send();
      return reply;
    }
    return refuse(reply, 401, 'UNAUTHORIZED', 'Sign in to the console');
  }
  if (session.role !== 'admin') {
    return refuse(reply, 403, 'CONSOLE_ROLE_FORBIDDEN', 'The queue dashboard needs the admin role');
  }
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const origin = request.headers.origin;
  if (origin && !(URL.canParse(origin) && new URL(origin).host === request.headers.host)) {
    return refuse(reply, 403, 'CROSS_SITE', 'Cross-site request');
  }
  if (!WRITES.has(request.routeOptions.url ?? '')) {
    return refuse(reply, 405, 'READ_ONLY', 'The queue dashboard only retries and cleans jobs');
  }
  return undefined;
}
