import { DomainError } from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganizerCaller } from '../../auth/caller';
import { AttendanceService } from '../../attendance/attendance.service';
import { AttendanceImportResultDto, SendFollowupDto } from '../../attendance/dto/attendance.dto';
import { RegistrationViewsService } from '../../registrations/registration-views.service';
import { validateInto } from '../console-form';
import { ConsoleUpload, csvText, uploadedFile, uploadStatus } from '../console-upload';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleActor } from '../session/console-actor';
import { Actor, ConsoleAuth, ConsoleController } from '../session/console-auth';
import { eventId, organizer, redirect } from './organizer-actions';
import { OrganizerEventsService } from './organizer-events.service';
import { doneMessage, eventTitle, ORGANIZER_PATHS } from './organizer-views';

/** The follow-up form's fields (re-shown after an error). */
const FOLLOWUP_FIELDS = ['attendeeEn', 'attendeeJa', 'noShowEn', 'noShowJa', 'recordingUrl', 'surveyUrl'] as const;
type FollowupForm = Record<(typeof FOLLOWUP_FIELDS)[number], string> & { publishRecording: boolean };

/** Rows shown (and marked) at once: the JSON API's page size limit. */
const MAX_ROWS = 500;
/** A pasted report (a large webinar's Zoom export). */
const MAX_REPORT = 2_000_000;
/** A report chosen as a file: twice that, as Teams writes UTF-16. */
const MAX_REPORT_FILE = 4_000_000;
const MAX_REPORT_FILE_LABEL = '4 MB';

interface Outcome {
  status?: number;
  imported?: AttendanceImportResultDto;
  importError?: string;
  /** Why the chosen file cannot be read (in the page's language). */
  uploadError?: string;
  report?: string;
  followupError?: string;
  followupFields?: string[];
  followup?: FollowupForm;
}

function text(body: unknown, field: string, max: number): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value.slice(0, max).replace(/\r\n?/g, '\n').trim() : '';
}

function list(body: unknown, field: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return [value].flat().filter((v): v is string => typeof v === 'string');
}

function blankFollowup(): FollowupForm {
  return {
    attendeeEn: '',
    attendeeJa: '',
    noShowEn: '',
    noShowJa: '',
    recordingUrl: '',
    surveyUrl: '',
    publishRecording: false,
  };
}

/** A refusal the page shows in place (400/409/422); 403/404 stay error pages. */
function shown(error: unknown): error is DomainError {
  return (
    error instanceof DomainError && (error.kind === 'invalid' || error.kind === 'conflict' || error.kind === 'rule')
  );
}

function statusOf(error: DomainError): number {
  return error.kind === 'invalid' ? 400 : error.kind === 'conflict' ? 409 : 422;
}

/**
 * The attendance page of a webinar: its confirmed registrants with attended
 * and joined times (co-hosts: only those who consented to share), marking by
 * hand, importing a Zoom or Teams report and sending the follow-up. Each
 * action goes to the JSON API's own services (`RegistrationViewsService`,
 * `AttendanceService`), which authorize with the access matrix (403/404).
 */
@ConsoleController('events')
@ConsoleAuth('organizer')
export class OrganizerAttendanceController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly events: OrganizerEventsService,
    private readonly views: RegistrationViewsService,
    private readonly attendance: AttendanceService,
  ) {}

  @Get(':id/attendance')
  async page(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.renderer.view(request, reply);
    await this.render(reply, view, organizer(actor), eventId(id), {}, doneMessage(request.query, view.t));
  }

  /** One form with every row: each shown row is set to its checkbox. */
  @Post(':id/attendance/mark')
  async mark(@Param('id') id: string, @Actor() actor: ConsoleActor, @Body() body: unknown, @Res() reply: FastifyReply) {
    const caller = organizer(actor);
    eventId(id);
    const attended = new Set(list(body, 'attended'));
    const shownRows = [...new Set(list(body, 'shown'))].slice(0, MAX_ROWS);
    for (const registrationId of shownRows) {
      await this.attendance.mark(id, registrationId, attended.has(registrationId), caller);
    }
    return redirect(reply, ORGANIZER_PATHS.attendance(id), 'marked');
  }

  /** The report pasted (`report`) or, in a `multipart/form-data` post, chosen as a file (`reportFile`, which wins). */
  @Post(':id/attendance/import')
  @ConsoleUpload({ field: 'reportFile', maxBytes: MAX_REPORT_FILE })
  async import(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    eventId(id);
    const pasted = text(body, 'report', MAX_REPORT);
    const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.attendance(id) });
    const upload = uploadedFile(body, 'reportFile');
    // Teams writes UTF-16; the API's decoder reads it as the JSON API does for an uploaded body.
    const read = upload.file ? csvText(upload.file, { utf16: true }) : undefined;
    const missing = !read && pasted === '' && request.isMultipart();
    const problem = upload.problem ?? read?.problem ?? (missing ? 'missing' : undefined);
    if (problem) {
      const uploadError = view.t(`upload.problem.${problem}`, { max: MAX_REPORT_FILE_LABEL });
      return this.render(reply, view, caller, id, { uploadError, report: pasted, status: uploadStatus(problem) });
    }
    const fromFile = read?.text;
    const report = fromFile !== undefined ? fromFile.replace(/\r\n?/g, '\n').trim() : pasted;
    try {
      const imported = await this.attendance.import(id, { report }, caller);
      return this.render(reply, view, caller, id, { imported });
    } catch (error) {
      if (!shown(error)) throw error;
      return this.render(reply, view, caller, id, {
        importError: error.message,
        report: fromFile !== undefined ? pasted : report,
        status: statusOf(error),
      });
    }
  }

  @Post(':id/attendance/followup')
  async followup(
    @Param('id') id: string,
    @Actor() actor: ConsoleActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const caller = organizer(actor);
    eventId(id);
    const form = blankFollowup();
    for (const field of FOLLOWUP_FIELDS) form[field] = text(body, field, field.endsWith('Url') ? 2000 : 5000);
    form.publishRecording = text(body, 'publishRecording', 10) === 'on';
    const lang = (en: string, ja: string) => ({ ...(en ? { en } : {}), ...(ja ? { ja } : {}) });
    const check = await validateInto(SendFollowupDto, {
      attendeeText: lang(form.attendeeEn, form.attendeeJa),
      noShowText: lang(form.noShowEn, form.noShowJa),
      ...(form.recordingUrl ? { recordingUrl: form.recordingUrl } : {}),
      ...(form.surveyUrl ? { surveyUrl: form.surveyUrl } : {}),
      publishRecording: form.publishRecording,
    });
    if (!check.ok) {
      const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.attendance(id) });
      const fields = [...new Set(Object.keys(check.fields).map((path) => path.split('.')[0]))];
      return this.render(reply, view, caller, id, { followup: form, followupFields: fields, status: 400 });
    }
    try {
      await this.attendance.sendFollowup(id, check.value, caller);
    } catch (error) {
      if (!shown(error)) throw error;
      const view = await this.renderer.view(request, reply, { path: ORGANIZER_PATHS.attendance(id) });
      return this.render(reply, view, caller, id, {
        followup: form,
        followupError: error.message,
        status: statusOf(error),
      });
    }
    return redirect(reply, ORGANIZER_PATHS.attendance(id), 'followup');
  }

  private async render(
    reply: FastifyReply,
    view: ConsoleView,
    caller: OrganizerCaller,
    id: string,
    outcome: Outcome,
    done?: string,
  ) {
    const { event } = await this.events.forParty(id, caller);
    const registrants = await this.views.list(event.id, caller, { status: 'confirmed', limit: MAX_ROWS });
    const t = view.t;
    const when = (iso: string | null) =>
      iso
        ? new Intl.DateTimeFormat(view.locale === 'ja' ? 'ja-JP' : 'en-GB', {
            dateStyle: 'medium',
            timeStyle: 'short',
            timeZone: event.timezone,
          }).format(new Date(iso))
        : '';
    const title = eventTitle(event, view.locale).text;
    await this.renderer.render(
      reply,
      view,
      'organizer/attendance.eta',
      {
        title: t('org.att.title', { title }),
        paths: {
          event: ORGANIZER_PATHS.event(event.id),
          mark: `${ORGANIZER_PATHS.attendance(event.id)}/mark`,
          import: `${ORGANIZER_PATHS.attendance(event.id)}/import`,
          followup: `${ORGANIZER_PATHS.attendance(event.id)}/followup`,
        },
        done,
        view: registrants.view,
        hidden: registrants.hidden.confirmed,
        total: registrants.total,
        rows: registrants.items.map((r) => ({
          id: r.id,
          name: r.name,
          email: r.email,
          attended: r.attended,
          joinedAt: when(r.joinedAt),
        })),
        sentAt: event.followupSentAt ? when(event.followupSentAt.toISOString()) : undefined,
        imported: outcome.imported,
        importError: outcome.importError,
        uploadError: outcome.uploadError,
        fileMax: MAX_REPORT_FILE_LABEL,
        report: outcome.report ?? '',
        followup: outcome.followup ?? blankFollowup(),
        followupError: outcome.followupError,
        followupFields: (outcome.followupFields ?? []).map((f) => t(`org.att.field.${f as 'attendeeText'}`)),
      },
      outcome.status ?? 200,
    );
  }
}
