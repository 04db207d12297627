export * from './mail-context';
export * from './outgoing-message';
export { calendarUid } from './calendar/calendar-uid';
export {
  buildPublishCalendar,
  type PublicCalendarEvent,
  type PublishCalendarOptions,
} from './calendar/publish-calendar';
export { renderMessage, KIND_PLANS } from './render/render-message';
export type { WaitlistedData, EventUpdatedData, ReminderData } from './render/notification-data';
