import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Eta } from 'eta';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Paths of the public pages, as the controller declares them. */
export const PAGE_PATHS = {
  index: '/',
  event: 'events/:slug',
  // `:id` (a slug here) is the name the registration rate limiter keys events by.
  register: 'events/:id/register',
  // Not `:slug`: see PAGE_ROUTES.
  partner: 'partners/:partnerSlug',
  cancel: 'cancel',
  // A registrant's personal join link (see JoinLinkController).
  join: 'j/:token',
} as const;

/**
 * The page routes, excluded from the `/api/v1` prefix. Nest matches an
 * exclusion against each controller's declared path, so `partners/:slug`
 * would also pull the API's `GET /api/v1/partners/:slug` out of the prefix;
 * escaped colons make each entry match the page's own declared path only.
 */
export const PAGE_ROUTES = Object.values(PAGE_PATHS).map((path) => path.replace(/:/g, '\\:'));

export const ASSETS_PREFIX = '/assets/';

/**
 * `apps/api/<name>`, found by walking up from this file: it runs from
 * `apps/api/src/pages` under jest and from `dist/apps/api/apps/api/src/pages`
 * when built, and both lie below the repository root that holds the folder.
 */
export function apiAssetDir(name: 'views' | 'public', from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'api', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`apps/api/${name} not found above ${from}`);
  }
}

/**
 * Fastify plugins of the public pages: cookies (language, time zone, CSRF
 * secret), the template engine (Eta, which escapes `<%= %>` output), the
 * stylesheet, script and icon under `/assets/`, and `/favicon.ico`.
 */
/** Browsers ask for `/favicon.ico` on every site; it changes rarely, so caches keep it a week. */
const FAVICON_MAX_AGE_SECONDS = 7 * 24 * 3600;

export async function registerPagePlugins(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyView, {
    engine: { eta: new Eta({ autoEscape: true, autoTrim: false, cache: true }) },
    templates: apiAssetDir('views'),
    production: true,
  });
  await app.register(fastifyStatic, {
    root: apiAssetDir('public'),
    prefix: ASSETS_PREFIX,
    // Swagger registers @fastify/static too; only one may decorate the reply.
    decorateReply: false,
    maxAge: '1h',
  });
  // The icon at the path browsers request by themselves; the layout also links the SVG under /assets/.
  const favicon = readFileSync(join(apiAssetDir('public'), 'favicon.ico'));
  app
    .getHttpAdapter()
    .getInstance()
    .get('/favicon.ico', (_request, reply) =>
      reply.header('cache-control', `public, max-age=${FAVICON_MAX_AGE_SECONDS}`).type('image/x-icon').send(favicon),
    );
}
