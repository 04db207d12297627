export * from './mail-context';
export * from './outgoing-message';
export { calendarUid } from './calendar/calendar-uid';
export {
  buildPublishCalendar,
  type PublicCalendarEvent,
  type PublishCalendarOptions,
} from './calendar/publish-calendar';
export { renderMessage, KIND_PLANS } from './render/render-message';
export { renderSignInMessage, type SignInMailContext } from './render/sign-in-message';
export type { WaitlistedData, EventUpdatedData, EventCancelledData, ReminderData } from './render/notification-data';
export { createMailTransport } from './transport/create-mail-transport';
export {
  PermanentMailError,
  classifySendError,
  toNodemailerMessage,
  type MailTransport,
  type MailTransportOptions,
  type SendResult,
} from './transport/mail-transport';
export { SmtpMailTransport } from './transport/smtp-transport';
export { FileMailTransport } from './transport/file-transport';
export { composeMessage, composeWithNodemailer } from './transport/compose-message';
