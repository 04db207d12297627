import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsrfService } from '../pages/csrf.service';
import { PageContextFactory } from '../pages/page-context';
import { ConsoleRequest } from './console-errors';
import { CONSOLE_PATHS } from './console-paths';
import { ConsoleLocale, ConsoleMessageKey, ConsoleTranslate, consoleTranslator } from './i18n';
import type { ConsoleActor } from './session/console-actor';
import { ConsoleRolesService, RoleOption } from './session/console-roles.service';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/** What every console template gets besides its own data. */
export interface ConsoleView {
  locale: ConsoleLocale;
  t: ConsoleTranslate;
  page: { lang: ConsoleLocale; title: string; assets: string; switchLinks: Record<ConsoleLocale, string> };
  actor: ConsoleActor | null;
  /** The actor's role in words ("Organizer, Danish Embassy"). */
  roleLabel: string | null;
  /** Only the sections the actor's role may use. */
  nav: NavItem[];
  /** Whether the person has another role to switch to. */
  canSwitchRole: boolean;
  /** The CSRF token for this page's forms. */
  csrf: string;
}

/** The navigation of each role: what it may open, nothing more. */
const NAV: Record<ConsoleActor['role'], Array<{ href: string; label: ConsoleMessageKey }>> = {
  admin: [
    { href: CONSOLE_PATHS.admin.partners, label: 'nav.partners' },
    { href: CONSOLE_PATHS.admin.agreements, label: 'nav.agreements' },
    { href: CONSOLE_PATHS.admin.members, label: 'nav.members' },
    { href: CONSOLE_PATHS.admin.erasure, label: 'nav.erasure' },
    { href: CONSOLE_PATHS.admin.audit, label: 'nav.audit' },
    { href: CONSOLE_PATHS.admin.suppressions, label: 'nav.suppressions' },
  ],
  organizer: [
    { href: CONSOLE_PATHS.organizer.events, label: 'nav.events' },
    { href: CONSOLE_PATHS.organizer.webhooks, label: 'nav.webhooks' },
  ],
};

/** A role in words, in the page's language. */
export function roleLabel(option: RoleOption, t: ConsoleTranslate, locale: ConsoleLocale): string {
  if (option.role === 'admin') return t('role.admin');
  const name = locale === 'ja' ? (option.partnerName.ja ?? option.partnerName.en) : option.partnerName.en;
  return t('role.organizer', { partner: name });
}

/**
 * Renders console pages: language (as the public pages negotiate it), the
 * layout's navigation for the actor's role, the CSRF token, `no-store`.
 */
@Injectable()
export class ConsoleRenderer {
  constructor(
    private readonly contexts: PageContextFactory,
    private readonly csrf: CsrfService,
    private readonly roles: ConsoleRolesService,
  ) {}

  /** The page's language and layout data; `path` is where the language switch leads (default: this URL). */
  async view(request: FastifyRequest, reply: FastifyReply, options: { path?: string } = {}): Promise<ConsoleView> {
    const page = this.contexts.create(request, reply, options.path ? { path: options.path, keepQuery: false } : {});
    const locale = page.locale;
    const t = consoleTranslator(locale);
    const actor = (request as ConsoleRequest).consoleActor ?? null;
    const session = (request as ConsoleRequest).consoleSession;
    let label: string | null = null;
    let canSwitchRole = false;
    if (actor) {
      const options = await this.roles.rolesOf(actor.email);
      canSwitchRole = options.length > 1;
      const mine = options.find((o) =>
        o.role === 'admin' ? actor.role === 'admin' : o.organizerId === actor.organizerId,
      );
      label = mine ? roleLabel(mine, t, locale) : null;
    }
    const here = request.url.split('?')[0];
    return {
      locale,
      t,
      page: { lang: locale, title: '', assets: page.page.assets, switchLinks: page.page.switchLinks },
      actor,
      roleLabel: label,
      nav: actor
        ? NAV[actor.role].map((item) => ({
            href: item.href,
            label: t(item.label),
            current: here === item.href || here.startsWith(`${item.href}/`),
          }))
        : [],
      canSwitchRole,
      csrf: session?.csrfToken ?? this.csrf.issue(request, reply),
    };
  }

  /** Renders `console/<template>` with the layout data; pages are never cached. */
  async render(
    reply: FastifyReply,
    view: ConsoleView,
    template: string,
    data: { title: string } & Record<string, unknown>,
    status = 200,
  ): Promise<void> {
    view.page.title = data.title;
    const html = await reply.viewAsync(`console/${template}`, { ...view, ...data, page: view.page });
    await reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  }
}
