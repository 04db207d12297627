import { ANNOUNCEMENT_AUDIENCES, type AnnouncementAudience } from '@cohost/database';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsNestedObject, IsPlainText } from '../../http/validators';

/** A subject: one line (it becomes a header), after the event's title. */
export const SUBJECT_MAX = 150;
/**
 * A body: plain text, paragraphs separated by blank lines. Each recipient's
 * outbox row holds the text of their language, so the limit keeps a fan-out
 * to 10,000 registrants within a few tens of megabytes.
 */
export const BODY_MAX = 5000;

export class AnnouncementSubjectDto {
  @ApiProperty({ maxLength: SUBJECT_MAX, example: 'Slides and a change of room' })
  @IsPlainText({ max: SUBJECT_MAX })
  en: string;

  @ApiProperty({ maxLength: SUBJECT_MAX, example: '資料と会場変更のお知らせ' })
  @IsPlainText({ max: SUBJECT_MAX })
  ja: string;
}

export class AnnouncementBodyDto {
  @ApiProperty({
    maxLength: BODY_MAX,
    description: 'Plain text: a blank line starts a paragraph; http(s) addresses become links. HTML is shown as text.',
    example: 'The slides are at https://example.org/slides.\n\nSee you on Thursday.',
  })
  @IsPlainText({ max: BODY_MAX, lines: true })
  en: string;

  @ApiProperty({
    maxLength: BODY_MAX,
    example: '資料は https://example.org/slides にあります。\n\n木曜日にお会いしましょう。',
  })
  @IsPlainText({ max: BODY_MAX, lines: true })
  ja: string;
}

export class CreateAnnouncementDto {
  @ApiProperty({ type: AnnouncementSubjectDto, description: 'Subject in both languages (one line each)' })
  @IsNestedObject(() => AnnouncementSubjectDto)
  subject: AnnouncementSubjectDto;

  @ApiProperty({ type: AnnouncementBodyDto, description: 'Body in both languages (plain text)' })
  @IsNestedObject(() => AnnouncementBodyDto)
  body: AnnouncementBodyDto;

  @ApiProperty({
    enum: ANNOUNCEMENT_AUDIENCES,
    description: 'Who receives it: confirmed registrants, the waitlisted, or both',
  })
  @IsIn(ANNOUNCEMENT_AUDIENCES, { message: 'audience must be one of confirmed, waitlisted, both' })
  audience: AnnouncementAudience;
}

export class AnnouncementDeliveryDto {
  @ApiProperty({ description: 'Queued, not sent yet' })
  pending: number;
  @ApiProperty()
  sent: number;
  @ApiProperty({ description: 'Refused by the mail server (see GET /events/:id/notifications)' })
  failed: number;
  @ApiProperty({ description: 'Not sent: unsubscribed or bounced address, registration cancelled, event cancelled' })
  skipped: number;
}

export class AnnouncementDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: AnnouncementSubjectDto })
  subject: { en: string; ja: string };

  @ApiProperty({ type: AnnouncementBodyDto })
  body: { en: string; ja: string };

  @ApiProperty({ enum: ANNOUNCEMENT_AUDIENCES })
  audience: AnnouncementAudience;

  @ApiProperty({
    description: 'Sent by a co-host: only registrants who consented to share with co-hosts received it (SPEC rule 6)',
  })
  consentingOnly: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Name of the organizer who sent it' })
  createdBy: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The sender's partner (its English name)" })
  sentByPartner: string | null;

  @ApiProperty({ description: 'Emails queued when it was sent' })
  recipients: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: AnnouncementDeliveryDto })
  delivery: AnnouncementDeliveryDto;
}

export class AnnouncementPreviewMessageDto {
  @ApiProperty({ description: 'The subject as the recipient sees it' })
  subject: string;

  @ApiProperty({ description: 'The text part' })
  text: string;

  @ApiProperty({ description: 'The HTML part (a complete document; the texts are escaped)' })
  html: string;

  @ApiProperty({
    description:
      'Whether it is addressed to a real registrant of the audience writing in this language (the first one), ' +
      'or to a sample registrant in the event zone when there is none',
  })
  realRecipient: boolean;

  @ApiProperty({ description: "The recipient's time zone the email shows times in, besides the host's" })
  timezone: string;
}

export class AnnouncementPreviewDto {
  @ApiProperty({ type: AnnouncementPreviewMessageDto })
  ja: AnnouncementPreviewMessageDto;

  @ApiProperty({ type: AnnouncementPreviewMessageDto })
  en: AnnouncementPreviewMessageDto;

  @ApiProperty({ description: 'Registrants it would be sent to now' })
  recipients: number;
}
