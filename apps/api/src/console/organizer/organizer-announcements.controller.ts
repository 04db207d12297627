import { randomUUID } from 'node:crypto';
import { DomainError, InvalidInputError } from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AnnouncementsService } from '../../announcements/announcements.service';
import {
  AnnouncementPreviewDto,
  BODY_MAX,
  CreateAnnouncementDto,
  SUBJECT_MAX,
} from '../../announcements/dto/announcement.dto';
import { OrganizerCaller } from '../../auth/caller';
import { formatInstant } from '../../pages/page-format';
import { validateInto } from '../console-form';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import { eventId, organizer } from './organizer-actions';
import { OrganizerEventsService } from './organizer-events.service';
import { eventTitle, ORGANIZER_PATHS } from './organizer-views';

const FIELDS = ['subjectEn', 'subjectJa', 'bodyEn', 'bodyJa', 'audience', 'token'] as const;
type Field = (typeof FIELDS)[number];
type AnnouncementForm = Record<Field, string>;
/** The DTO path of each form field in error. */
const FIELD_OF_PATH: Record<string, Field> = {
  subject: 'subjectEn',
  'subject.en': 'subjectEn',
  'subject.ja': 'subjectJa',
  body: 'bodyEn',
  'body.en': 'bodyEn',
  'body.ja': 'bodyJa',
  audience: 'audience',
};
/** What a form may post, cut well above the API's limits so that an over-long text is refused, not cut. */
const READ_MAX: Record<Field, number> = {
  subjectEn: SUBJECT_MAX * 4,
  subjectJa: SUBJECT_MAX * 4,
  bodyEn: BODY_MAX * 2,
  bodyJa: BODY_MAX * 2,
  audience: 20,
  token: 200,
};

interface Outcome {
  status?: number;
  form?: AnnouncementForm;
  errors?: Field[];
  refused?: string;
  preview?: AnnouncementPreviewDto;
}

function readForm(body: unknown): AnnouncementForm {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const form = {} as AnnouncementForm;
  for (const field of FIELDS) {
    const value = b[field];
    // Browsers post CRLF line breaks; the texts are stored with LF.
    form[field] = typeof value === 'string' ? value.slice(0, READ_MAX[field]).replace(/\r\n?/g, '\n') : '';
  }
  for (const field of ['subjectEn', 'subjectJa', 'audience', 'token'] as const) form[field] = form[field].trim();
  return form;
}

function blankForm(): AnnouncementForm {
  return { subjectEn: '', subjectJa: '', bodyEn: '', bodyJa: '', audience: 'confirmed', token: randomUUID() };
}

/** A refusal the page shows in place (409/422); 403/404 stay error pages. */
function refusedInPlace(error: unknown): error is DomainError {
  return (
    error instanceof DomainError && (error.kind === 'conflict' || error.kind === 'rule' || error.kind === 'invalid')
  );
}

/**
 * The announcements page of a webinar: compose (both languages, audience),
 * preview as recipients will get it (the mail renderer's subject, HTML part
 * in a sandboxed frame and text part), send, and the list of sent ones with
 * their delivery counts. Everything goes through the JSON API's
 * `AnnouncementsService` (access matrix, consent rule for co-hosts, outbox).
 * The form carries a token made when the page is drawn: sending twice with
 * it (a double click, a reload of the POST) sends once.
 */
@ConsoleController('events')
@ConsoleAuth('organizer')
export class OrganizerAnnouncementsController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly events: OrganizerEventsService,
    private readonly announcements: AnnouncementsService,
  ) {}

  @Get(':id/announcements')
  async page(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.renderer.view(request, reply);
    const sent = (request.query as { sent?: unknown } | undefined)?.sent === '1';
    await this.render(reply, view, organizer(actor), eventId(id), {}, sent);
  }

  @Post(':id/announcements/preview')
  async preview(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.submit(request, reply, actor, id, body, async (caller, dto) => ({
      preview: await this.announcements.preview(id, dto, caller),
    }));
  }

  @Post(':id/announcements')
  async send(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.submit(request, reply, actor, id, body, async (caller, dto, token) => {
      // Without its token a form could be sent twice: only the page's own form is accepted.
      if (!token) throw new InvalidInputError('FORM_TOKEN_MISSING', 'The form has no token; please preview again');
      await this.announcements.send(id, dto, caller, token);
      return 'sent';
    });
  }

  /**
   * Reads the form and validates it with the API's DTO, then runs `action`
   * with the form's token (null if it came without). Invalid fields (400) and
   * refusals (409/422) show the page again with what was typed; `sent`
   * answers 303 to the page.
   */
  private async submit(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: ConsoleActor,
    id: string,
    body: unknown,
    action: (caller: OrganizerCaller, dto: CreateAnnouncementDto, token: string | null) => Promise<Outcome | 'sent'>,
  ) {
    const caller = organizer(actor);
    eventId(id);
    const form = readForm(body);
    const token = form.token || null;
    form.token ||= randomUUID();
    const check = await this.check(form);
    let outcome: Outcome;
    if (!check.ok) {
      outcome = { errors: check.errors, status: 400 };
    } else {
      try {
        const done = await action(caller, check.value, token);
        if (done === 'sent') {
          return reply
            .status(303)
            .header('location', `${ORGANIZER_PATHS.announcements(id)}?sent=1`)
            .header('cache-control', 'no-store')
            .send();
        }
        outcome = done;
      } catch (error) {
        if (!refusedInPlace(error)) throw error;
        outcome = { refused: error.message, status: statusOf(error) };
      }
    }
    const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.announcements(id) });
    return this.render(reply, view, caller, id, { form, ...outcome });
  }

  private async check(
    form: AnnouncementForm,
  ): Promise<{ ok: true; value: CreateAnnouncementDto } | { ok: false; errors: Field[] }> {
    const check = await validateInto(CreateAnnouncementDto, {
      subject: { en: form.subjectEn, ja: form.subjectJa },
      body: { en: form.bodyEn, ja: form.bodyJa },
      audience: form.audience,
    });
    if (check.ok) return check;
    const errors = new Set<Field>();
    for (const path of Object.keys(check.fields)) errors.add(FIELD_OF_PATH[path] ?? FIELD_OF_PATH[path.split('.')[0]]);
    return { ok: false, errors: FIELDS.filter((f) => errors.has(f)) };
  }

  private async render(
    reply: FastifyReply,
    view: ConsoleView,
    caller: OrganizerCaller,
    id: string,
    outcome: Outcome,
    sent = false,
  ) {
    const { event } = await this.events.forParty(id, caller);
    const list = await this.announcements.list(event.id, caller);
    const t = view.t;
    const canSend = event.status === 'published' && this.events.allows(event, caller, 'announce');
    const consentingOnly = event.hostPartnerId !== caller.partnerId;
    const langName = { ja: t('org.ann.previewLang.ja'), en: t('org.ann.previewLang.en') };
    await this.renderer.render(
      reply,
      view,
      'organizer/announcements.eta',
      {
        title: t('org.ann.title', { title: eventTitle(event, view.locale).text }),
        paths: {
          event: ORGANIZER_PATHS.event(event.id),
          preview: `${ORGANIZER_PATHS.announcements(event.id)}/preview`,
          send: ORGANIZER_PATHS.announcements(event.id),
        },
        sent,
        canSend,
        consentingOnly: canSend && consentingOnly,
        form: outcome.form ?? blankForm(),
        errors: (outcome.errors ?? []).map((field) => ({ field, message: t(`org.ann.field.${field as 'audience'}`) })),
        refused: outcome.refused,
        limits: { subject: SUBJECT_MAX, body: BODY_MAX },
        preview: outcome.preview && {
          recipients: outcome.preview.recipients,
          messages: (['ja', 'en'] as const).map((lang) => ({
            lang,
            heading: langName[lang],
            frameTitle: t('org.ann.htmlPart', { lang: langName[lang] }),
            note: t(outcome.preview![lang].realRecipient ? 'org.ann.previewTo' : 'org.ann.previewSample', {
              zone: outcome.preview![lang].timezone,
            }),
            ...outcome.preview![lang],
          })),
        },
        list: list.map((a) => ({
          id: a.id,
          subject: view.locale === 'ja' ? a.subject.ja : a.subject.en,
          sentAt: formatInstant(new Date(a.createdAt), view.locale, event.timezone),
          by: [a.createdBy, a.sentByPartner].filter(Boolean).join(', '),
          audience: t(`org.ann.audience.${a.audience}`),
          consentingOnly: a.consentingOnly,
          recipients: a.recipients,
          delivery: t('org.ann.delivery', a.delivery as unknown as Record<string, number>),
        })),
      },
      outcome.status ?? 200,
    );
  }
}

function statusOf(error: DomainError): number {
  return error.kind === 'invalid' ? 400 : error.kind === 'conflict' ? 409 : 422;
}
