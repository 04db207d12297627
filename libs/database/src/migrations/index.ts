import { Foundation1764100000000 } from './1764100000000-foundation';
import { EventsRegistrationsNotifications1764200000000 } from './1764200000000-events-registrations-notifications';
import { ReminderSync1764500000000 } from './1764500000000-reminder-sync';
import { ReminderTriggerColumns1764900000000 } from './1764900000000-reminder-trigger-columns';
import { NotificationRelayJob1765000000000 } from './1765000000000-notification-relay-job';
import { Console1766400000000 } from './1766400000000-console';

/** Applied in this order; listed explicitly so ts-node, dist and jest load the same classes. */
export const MIGRATIONS = [
  Foundation1764100000000,
  EventsRegistrationsNotifications1764200000000,
  ReminderSync1764500000000,
  ReminderTriggerColumns1764900000000,
  NotificationRelayJob1765000000000,
  Console1766400000000,
];
