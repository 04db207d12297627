import { EventsRepository, Outbox, RegistrationRecordsRepository } from '@cohost/database';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  normalizeEmail,
  parseAttendanceReport,
  RuleViolationError,
} from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/caller';
import { EventAccessService } from '../events/event-access.service';
import { ValidationFailedException } from '../http/validation';
import { AttendanceDto, AttendanceImportResultDto, FollowupSentDto, SendFollowupDto } from './dto/attendance.dto';

/** Addresses a JSON import may list at once (a large webinar's report). */
const MAX_LISTED = 20_000;

/**
 * Attendance of an event's registrants (by hand, from a Zoom or Teams
 * report) and the follow-up email after the event. The host's and accepted
 * co-hosts' organizers may do all of it (`edit` in the access matrix); as in
 * the registrant lists, anybody but the host's organizers reaches only
 * registrants who consented to share with co-hosts (SPEC rule 6): others
 * answer 404 and never count as matched, so a report cannot probe who
 * registered.
 */
@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: EventAccessService,
  ) {}

  async mark(idOrSlug: string, registrationId: string, attended: boolean, caller: Caller): Promise<AttendanceDto> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'edit');
    const row = await RegistrationRecordsRepository.markAttended(this.dataSource.manager, {
      registrationId,
      eventId: event.id,
      attended,
      visibleTo: relation === 'host' ? 'host' : 'cohost',
    });
    if (!row) throw new NotFoundError('REGISTRATION_NOT_FOUND', 'No such registration for this event');
    return { id: row.id, attended: row.attended, joinedAt: row.joined_at?.toISOString() ?? null };
  }

  /**
   * Marks confirmed registrants as attended from a Zoom or Teams report
   * (CSV text or bytes) or a JSON list of addresses, matched by normalised
   * address. Never unmarks anybody: a report lists who came.
   */
  async import(idOrSlug: string, body: unknown, caller: Caller): Promise<AttendanceImportResultDto> {
    const { event, relation } = await this.access.require(idOrSlug, caller, 'edit');
    const read = readImport(body);
    const marked = await RegistrationRecordsRepository.markAttendedByEmails(
      this.dataSource.manager,
      event.id,
      read.emails,
      relation === 'host' ? 'host' : 'cohost',
    );
    const matched = new Set(marked);
    return {
      format: read.format,
      rows: read.rows,
      marked: marked.length,
      unmatched: read.emails.filter((e) => !matched.has(e)),
      rejected: read.rejected,
    };
  }

  /**
   * Queues `event.followup` to every confirmed registrant, once per event:
   * attendees get `attendeeText`, the others `noShowText`. Only after the
   * event has ended. The recording link is kept on the event (shown on the
   * personal links' "ended" page, and on the public page if published).
   */
  async sendFollowup(
    idOrSlug: string,
    dto: SendFollowupDto,
    caller: Caller,
    now = new Date(),
  ): Promise<FollowupSentDto> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.access.require(idOrSlug, caller, 'edit', { manager, lock: true });
      if (event.status !== 'published') {
        throw new ConflictError('EVENT_NOT_PUBLISHED', `The event is ${event.status}; there is nobody to follow up`);
      }
      if (event.endsAt.getTime() > now.getTime()) {
        throw new RuleViolationError('EVENT_NOT_ENDED', 'The follow-up can be sent once the event has ended');
      }
      if (event.followupSentAt) {
        throw new ConflictError('FOLLOWUP_ALREADY_SENT', 'The follow-up of this event was already sent');
      }
      const recordingUrl = dto.recordingUrl ?? event.recordingUrl;
      await EventsRepository.recordFollowup(manager, event.id, {
        now,
        recordingUrl,
        recordingPublic: recordingUrl !== null && (dto.publishRecording ?? event.recordingPublic),
      });
      const links = {
        ...(recordingUrl ? { recordingUrl } : {}),
        ...(dto.surveyUrl ? { surveyUrl: dto.surveyUrl } : {}),
      };
      return Outbox.forFollowup(manager, event.id, {
        attendee: { audience: 'attendee', text: dto.attendeeText, ...links },
        noShow: { audience: 'no_show', text: dto.noShowText, ...links },
      });
    });
  }
}

function readImport(body: unknown): {
  format: AttendanceImportResultDto['format'];
  emails: string[];
  rows: number;
  rejected: AttendanceImportResultDto['rejected'];
} {
  if (Buffer.isBuffer(body)) return parseAttendanceReport(body);
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const { report, emails } = body as { report?: unknown; emails?: unknown };
    if (typeof report === 'string' && emails === undefined) return parseAttendanceReport(report);
    const listed = Array.isArray(emails) && emails.length <= MAX_LISTED && emails.every((e) => typeof e === 'string');
    if (listed && report === undefined) {
      const found = new Set<string>();
      const rejected: AttendanceImportResultDto['rejected'] = [];
      (emails as string[]).forEach((raw, i) => {
        const normalized = normalizeEmail(raw.trim());
        if (normalized.address) found.add(normalized.address);
        else rejected.push({ line: i + 1, reason: normalized.problem ?? 'not an address' });
      });
      return { format: 'list', emails: [...found], rows: emails.length, rejected };
    }
    // A JSON object: a 400 that names the field that is wrong, like the DTO-validated bodies.
    const either = "send either report (the file's text) or emails, not both";
    const fields: Record<string, string[]> = {};
    if (report !== undefined && (typeof report !== 'string' || emails !== undefined)) {
      fields.report = [typeof report !== 'string' ? "report must be a string: the report file's text" : either];
    }
    if (emails !== undefined && (!listed || report !== undefined)) {
      fields.emails = [listed ? either : `emails must be an array of at most ${MAX_LISTED} strings`];
    }
    if (Object.keys(fields).length === 0) {
      fields.report = ["send report (the file's text) or emails (a list of addresses)"];
      fields.emails = fields.report;
    }
    throw new ValidationFailedException(fields);
  }
  throw new InvalidInputError(
    'ATTENDANCE_BODY_INVALID',
    `Send a Zoom or Teams attendance report as text/csv, or JSON {"report": "<csv>"} or {"emails": [...]} (strings, at most ${MAX_LISTED})`,
  );
}
