import { AppConfig } from '@cohost/config';
import { RegistrationEntity } from '@cohost/database';
import { LruCache } from '@cohost/common';
import { PARTNER_SLUG_PATTERN } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { PageCache } from './cache/page-cache';
import type { PageContext } from './page-context';
import { pageTimeZone, timeZones } from './page-locale';
import type { FormProblem } from './page-problems';
import type { PageView } from './page-reply';
import { eventView, feedLink, pick, questionViews, type PageEventInput } from './page-views';
import { PagesDataService } from './pages-data.service';
import { RegisterForm } from './register-form';

type Query = Record<string, unknown>;

/** Query values kept on links to an event (the partner that brought the visitor, an invitation code). */
function keptQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const key of ['via', 'code']) {
    const value = query[key];
    if (typeof value === 'string' && value.length <= 300) params.set(key, value);
  }
  return params.toString();
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** The zone list's `<option>`s with one selected: the same few hundred lines for every visitor of a zone. */
const zoneOptionLists = new LruCache<string, string>(200);

export function zoneOptions(selected: string): string {
  return zoneOptionLists.getOrCreate(selected, () => {
    const zones = timeZones();
    return (zones.includes(selected) ? zones : [selected, ...zones])
      .map((zone) => `<option${zone === selected ? ' selected' : ''}>${escapeHtml(zone)}</option>`)
      .join('');
  });
}

/**
 * Builds each page's template data from the pages' data service: what to
 * render, with which status. Knows nothing of HTTP; the controller and the
 * exception filter send what it returns (`sendPage`).
 */
@Injectable()
export class PageRenderer {
  constructor(
    private readonly data: PagesDataService,
    private readonly config: AppConfig,
    private readonly cache: PageCache,
  ) {}

  /** Published upcoming events as the pages list them, shared by every visitor of a language (PageCache). */
  private async upcoming(locale: PageContext['locale'], partner?: string): Promise<PageEventInput[]> {
    const version = await this.cache.stamp();
    return this.cache.get(`upcoming|${locale}|${partner ?? ''}`, version, () => this.data.upcoming(locale, partner));
  }

  /** One event's page data, shared by every visitor of a language (PageCache); drafts and unknown slugs are not kept. */
  private async eventInput(slug: string, locale: PageContext['locale'], stamp?: string): Promise<PageEventInput> {
    const version = stamp ?? (await this.cache.stamp());
    return this.cache.get(`event|${slug}|${locale}`, version, () => this.data.event(slug, locale));
  }

  async index(ctx: PageContext): Promise<PageView> {
    const events = await this.upcoming(ctx.locale);
    const now = new Date();
    return {
      template: 'index.eta',
      status: 200,
      data: { title: ctx.t('index.title'), events: events.map((e) => eventView(e, { ...ctx, now })) },
    };
  }

  async partner(ctx: PageContext, slug: string): Promise<PageView> {
    const partner = await this.data.partner(slug);
    const events = await this.upcoming(ctx.locale, partner.slug);
    const name = pick(partner.name, ctx.locale).text;
    const feed = feedLink(
      `${this.config.http.publicBaseUrl}/api/v1/partners/${encodeURIComponent(partner.slug)}/calendar.ics`,
      ctx.locale,
    );
    const now = new Date();
    return {
      template: 'partner.eta',
      status: 200,
      data: {
        title: ctx.t('partner.title', { name }),
        partner: { name, ics: feed, webcal: feed.replace(/^https?:/, 'webcal:') },
        events: events.map((e) => eventView(e, { ...ctx, now })),
      },
    };
  }

  /** The event page; after a failed post, with the posted values, the problem and its status. */
  async event(
    ctx: PageContext,
    slug: string,
    options: {
      query: Query;
      csrf: string;
      failed?: { form: RegisterForm; problem: FormProblem; status: number };
      /** The page stamp read for this request (PageCache): the parts kept under it must be of its data. */
      version?: string;
    },
  ): Promise<PageView> {
    const { query, failed } = options;
    const input = await this.eventInput(slug, ctx.locale, options.version);
    const event = eventView(input, { ...ctx, now: new Date(), linkQuery: keptQuery(query) });
    const form: RegisterForm = failed?.form ?? {
      name: '',
      email: '',
      organization: '',
      locale: ctx.locale,
      timezone: ctx.timeZone ?? pageTimeZone(input.timezone) ?? input.timezone,
      shareWithCohosts: false,
      via: typeof query.via === 'string' && PARTNER_SLUG_PATTERN.test(query.via) ? query.via : '',
      code: typeof query.code === 'string' && query.code.length <= 300 ? query.code : '',
      timezoneDetect: !ctx.timeZone,
      answers: {},
    };
    const viaName = form.via ? await this.data.partnerName(form.via, ctx.locale) : undefined;
    const questions = questionViews(input.questions ?? [], ctx.locale);
    return {
      template: 'event.eta',
      status: failed?.status ?? 200,
      data: {
        title: event.title,
        event,
        form,
        viaName,
        zoneOptions: zoneOptions(form.timezone),
        csrf: options.csrf,
        error: failed?.problem.message,
        fieldErrors: [
          ...Object.entries(failed?.problem.fields ?? {}).map(([field, message]) => ({ id: `f-${field}`, message })),
          ...questions
            .filter((q) => failed?.problem.answers?.[q.id])
            .map((q) => ({ id: `f-q-${q.id}`, message: `${q.label}: ${failed!.problem.answers![q.id]}` })),
        ],
        fieldError: failed?.problem.fields ?? {},
        questions,
        answerError: failed?.problem.answers ?? {},
        notMember:
          failed?.problem.code === 'NOT_A_MEMBER'
            ? ctx.t('error.notMemberContact', { host: event.hostName, email: input.hostContact ?? '' })
            : undefined,
      },
    };
  }

  async result(
    ctx: PageContext,
    slug: string,
    result: { status: 'confirmed' | 'waitlisted'; waitlistPosition?: number; email: string },
  ): Promise<PageView> {
    const input = await this.eventInput(slug, ctx.locale);
    const event = eventView(input, { ...ctx, now: new Date() });
    return {
      template: 'result.eta',
      status: 201,
      data: {
        title: result.status === 'confirmed' ? ctx.t('result.confirmedTitle') : ctx.t('result.waitlistedTitle'),
        event,
        result: { status: result.status, position: result.waitlistPosition ?? null, email: result.email },
      },
    };
  }

  /**
   * Asks whether to cancel. With the registration when its token was looked
   * up; without it (a refused post asking again) nothing of it is shown.
   */
  async cancelAsk(
    ctx: PageContext,
    options: {
      token: string;
      csrf: string;
      registration?: RegistrationEntity;
      problem?: { message: string; status: number };
    },
  ): Promise<PageView> {
    const registration = options.registration && (await this.registrationView(options.registration, ctx));
    return {
      template: 'cancel.eta',
      status: options.problem?.status ?? 200,
      data: {
        title: ctx.t('cancel.title'),
        mode: 'ask',
        token: options.token,
        csrf: options.csrf,
        error: options.problem?.message,
        registration,
        keepHref: registration?.event.href ?? '/',
      },
    };
  }

  async cancelDone(ctx: PageContext, registration: RegistrationEntity): Promise<PageView> {
    const view = await this.registrationView(registration, ctx);
    return {
      template: 'cancel.eta',
      status: 200,
      data: {
        title: ctx.t('cancel.doneTitle'),
        mode: 'done',
        registration: view && { ...view, statusLabel: ctx.t('status.cancelled') },
      },
    };
  }

  /** Unknown, malformed or used token: one answer for all (404). */
  cancelInvalid(ctx: PageContext): PageView {
    return { template: 'cancel.eta', status: 404, data: { title: ctx.t('cancel.invalidTitle'), mode: 'invalid' } };
  }

  error(ctx: PageContext, status: number, message: string): PageView {
    const title = status === 404 ? ctx.t('error.notFoundTitle') : ctx.t('error.title');
    return { template: 'error.eta', status, data: { title, message } };
  }

  private async registrationView(registration: RegistrationEntity, ctx: PageContext) {
    const input = await this.data.eventById(registration.eventId, ctx.locale);
    if (!input) return undefined;
    return {
      name: registration.name,
      email: registration.email,
      statusLabel: ctx.t(`status.${registration.status}`),
      event: eventView(input, {
        ...ctx,
        timeZone: ctx.timeZone ?? pageTimeZone(registration.timezone) ?? registration.timezone,
        now: new Date(),
      }),
    };
  }
}
