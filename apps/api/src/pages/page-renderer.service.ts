import { AppConfig } from '@cohost/config';
import { RegistrationEntity } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CsrfService } from './csrf.service';
import { PageContext, PageContextFactory } from './page-context';
import { timeZones } from './page-locale';
import { eventView, pick } from './page-views';
import { PagesDataService } from './pages-data.service';
import { FormField, RegisterForm } from './register-form';

export interface FormProblem {
  message: string;
  fields: Partial<Record<FormField, string>>;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Query values kept on links to an event (the partner that brought the visitor, an invitation code). */
function keptQuery(request: FastifyRequest): string {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const params = new URLSearchParams();
  for (const key of ['via', 'code']) {
    const value = query[key];
    if (typeof value === 'string' && value.length <= 300) params.set(key, value);
  }
  return params.toString();
}

/**
 * Builds each page's data and renders its template. Used by the controller
 * and by the exception filter, which re-shows the form with the visitor's
 * values and a message.
 */
@Injectable()
export class PageRenderer {
  private readonly zones = timeZones();

  constructor(
    private readonly data: PagesDataService,
    private readonly csrf: CsrfService,
    private readonly contexts: PageContextFactory,
    private readonly config: AppConfig,
  ) {}

  context(request: FastifyRequest, reply: FastifyReply, path?: string): PageContext {
    return this.contexts.create(request, reply, path ? { path, keepQuery: false } : {});
  }

  async send(reply: FastifyReply, status: number, template: string, ctx: PageContext, data: object): Promise<void> {
    const html = await reply.viewAsync(template, { ...data, t: ctx.t, page: ctx.page });
    // Pages carry CSRF tokens and personal data: never cached.
    await reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  }

  async index(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const ctx = this.context(request, reply);
    const events = await this.data.upcoming(ctx.locale);
    const now = new Date();
    ctx.page.title = ctx.t('index.title');
    await this.send(reply, 200, 'index.eta', ctx, {
      events: events.map((e) => eventView(e, { ...ctx, now })),
    });
  }

  async partner(request: FastifyRequest, reply: FastifyReply, slug: string): Promise<void> {
    const ctx = this.context(request, reply);
    const partner = await this.data.partner(slug);
    const events = await this.data.upcoming(ctx.locale, partner.slug);
    const name = pick(partner.name, ctx.locale).text;
    const feed = `${this.config.http.publicBaseUrl}/api/v1/partners/${encodeURIComponent(partner.slug)}/calendar.ics`;
    ctx.page.title = ctx.t('partner.title', { name });
    const now = new Date();
    await this.send(reply, 200, 'partner.eta', ctx, {
      partner: { name, ics: feed, webcal: feed.replace(/^https?:/, 'webcal:') },
      events: events.map((e) => eventView(e, { ...ctx, now })),
    });
  }

  /** The event page; after a failed post, with the posted values, the problem and its status. */
  async event(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    failed?: { form: RegisterForm; problem: FormProblem; status: number },
  ): Promise<void> {
    const ctx = this.context(request, reply, failed ? `/events/${slug}` : undefined);
    const input = await this.data.event(slug, ctx.locale);
    const event = eventView(input, { ...ctx, now: new Date(), linkQuery: keptQuery(request) });
    const query = (request.query ?? {}) as Record<string, unknown>;
    const form: RegisterForm = failed?.form ?? {
      name: '',
      email: '',
      organization: '',
      locale: ctx.locale,
      timezone: ctx.timeZone ?? input.timezone,
      shareWithCohosts: false,
      via: typeof query.via === 'string' && SLUG.test(query.via) ? query.via : '',
      code: typeof query.code === 'string' && query.code.length <= 300 ? query.code : '',
      timezoneDetect: !ctx.timeZone,
    };
    const viaName = form.via ? await this.data.partnerName(form.via, ctx.locale) : undefined;
    ctx.page.title = event.title;
    const fieldErrors = Object.entries(failed?.problem.fields ?? {}).map(([field, message]) => ({
      id: `f-${field}`,
      message,
    }));
    await this.send(reply, failed?.status ?? 200, 'event.eta', ctx, {
      event,
      form,
      viaName,
      timeZones: this.zones.includes(form.timezone) ? this.zones : [form.timezone, ...this.zones],
      csrf: this.csrf.issue(request, reply),
      error: failed?.problem.message,
      fieldErrors,
      fieldError: failed?.problem.fields ?? {},
    });
  }

  async result(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    result: { status: 'confirmed' | 'waitlisted'; waitlistPosition?: number; email: string },
  ): Promise<void> {
    const ctx = this.context(request, reply, `/events/${slug}`);
    const input = await this.data.event(slug, ctx.locale);
    const event = eventView(input, { ...ctx, now: new Date() });
    ctx.page.title = result.status === 'confirmed' ? ctx.t('result.confirmedTitle') : ctx.t('result.waitlistedTitle');
    await this.send(reply, 201, 'result.eta', ctx, {
      event,
      result: { status: result.status, position: result.waitlistPosition ?? null, email: result.email },
    });
  }

  async cancelAsk(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    registration: RegistrationEntity,
    problem?: { message: string; status: number },
  ): Promise<void> {
    const ctx = this.context(request, reply, problem ? '/' : undefined);
    ctx.page.title = ctx.t('cancel.title');
    await this.send(reply, problem?.status ?? 200, 'cancel.eta', ctx, {
      mode: 'ask',
      heading: ctx.t('cancel.title'),
      token,
      csrf: this.csrf.issue(request, reply),
      error: problem?.message,
      registration: await this.registrationView(registration, ctx),
    });
  }

  async cancelDone(request: FastifyRequest, reply: FastifyReply, registration: RegistrationEntity): Promise<void> {
    const ctx = this.context(request, reply, '/');
    ctx.page.title = ctx.t('cancel.doneTitle');
    const view = await this.registrationView(registration, ctx);
    await this.send(reply, 200, 'cancel.eta', ctx, {
      mode: 'done',
      heading: ctx.t('cancel.doneTitle'),
      registration: view && { ...view, statusLabel: ctx.t('status.cancelled') },
    });
  }

  /** Unknown, malformed or used token: one answer for all (404). */
  async cancelInvalid(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const ctx = this.context(request, reply, '/');
    ctx.page.title = ctx.t('cancel.invalidTitle');
    await this.send(reply, 404, 'cancel.eta', ctx, { mode: 'invalid', heading: ctx.t('cancel.invalidTitle') });
  }

  async error(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    message: (ctx: PageContext) => string,
  ): Promise<void> {
    const ctx = this.context(request, reply, '/');
    const heading = status === 404 ? ctx.t('error.notFoundTitle') : ctx.t('error.title');
    ctx.page.title = heading;
    await this.send(reply, status, 'error.eta', ctx, { heading, message: message(ctx) });
  }

  private async registrationView(registration: RegistrationEntity, ctx: PageContext) {
    const input = await this.data.eventById(registration.eventId, ctx.locale);
    if (!input) return undefined;
    return {
      name: registration.name,
      email: registration.email,
      statusLabel: ctx.t(`status.${registration.status}`),
      event: eventView(input, { ...ctx, timeZone: ctx.timeZone ?? registration.timezone, now: new Date() }),
    };
  }
}
