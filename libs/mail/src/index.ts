export * from './mail-context';
export {
  localizedText,
  mailCohosts,
  mailEvent,
  partnerName,
  type EventColumns,
  type PartnerNames,
} from './mail-parties';
export * from './outgoing-message';
export { calendarUid } from './calendar/calendar-uid';
export {
  buildPublishCalendar,
  type PublicCalendarEvent,
  type PublishCalendarOptions,
} from './calendar/publish-calendar';
export { clearBodyCache, renderMessage, renderMessageUncached } from './render/render-message';
export { TEMPLATES } from './render/templates';
export type { WaitlistedData, EventUpdatedData, EventCancelledData, ReminderData } from './render/notification-data';
export { createMailTransport } from './transport/create-mail-transport';
export {
  PermanentMailError,
  classifySendError,
  isConnectionFailure,
  toNodemailerMessage,
  type MailTransport,
  type MailTransportOptions,
  type SendResult,
} from './transport/mail-transport';
export { SmtpMailTransport } from './transport/smtp-transport';
export { FileMailTransport } from './transport/file-transport';
export { composeMessage, composeWithNodemailer } from './transport/compose-message';
export { DkimSigner, type DkimOptions } from './transport/dkim';
