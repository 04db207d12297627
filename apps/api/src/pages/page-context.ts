import { AppConfig } from '@cohost/config';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageLocale, Translate, translator } from './i18n';
import { LANG_COOKIE, negotiateLocale, pageTimeZone, TZ_COOKIE } from './page-locale';
import { ASSETS_PREFIX } from './pages.setup';

/** What every template gets: the language, its translator and the layout's data. */
export interface PageContext {
  locale: PageLocale;
  t: Translate;
  /** The visitor's zone (cookie set by the script), when known and valid, under its current name. */
  timeZone?: string;
  page: { lang: PageLocale; title: string; assets: string; switchLinks: Record<PageLocale, string> };
}

const YEAR_SECONDS = 365 * 24 * 3600;

function queryOf(request: FastifyRequest): Record<string, unknown> {
  return (request.query ?? {}) as Record<string, unknown>;
}

/** The same URL with `lang` replaced; only the path and its own query, never another origin. */
export function switchLink(path: string, query: Record<string, unknown>, lang: PageLocale): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key !== 'lang' && typeof value === 'string') params.set(key, value);
  }
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

@Injectable()
export class PageContextFactory {
  private readonly secure: boolean;

  constructor(config: AppConfig) {
    this.secure = config.http.publicBaseUrl.startsWith('https:');
  }

  /**
   * Negotiates the language (remembering a `?lang=` choice in a cookie) and
   * builds the layout's data. `path` is where the language switch leads: the
   * current page for GETs, the page behind a form for POST results.
   */
  create(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { path?: string; keepQuery?: boolean } = {},
  ): PageContext {
    const query = queryOf(request);
    const { locale, fromQuery } = negotiateLocale({
      query: query.lang,
      cookie: request.cookies?.[LANG_COOKIE],
      acceptLanguage: request.headers['accept-language'],
    });
    if (fromQuery && request.cookies?.[LANG_COOKIE] !== locale) {
      reply.setCookie(LANG_COOKIE, locale, {
        path: '/',
        maxAge: YEAR_SECONDS,
        sameSite: 'lax',
        httpOnly: true,
        secure: this.secure,
      });
    }
    // Caches must not serve one language's page to another visitor.
    reply.header('vary', 'Accept-Language, Cookie');
    const path = options.path ?? request.url.split('?')[0];
    const linkQuery = options.keepQuery === false ? {} : query;
    return {
      locale,
      t: translator(locale),
      timeZone: pageTimeZone(request.cookies?.[TZ_COOKIE]),
      page: {
        lang: locale,
        title: '',
        assets: ASSETS_PREFIX,
        switchLinks: { ja: switchLink(path, linkQuery, 'ja'), en: switchLink(path, linkQuery, 'en') },
      },
    };
  }
}
