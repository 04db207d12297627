import { Foundation1764100000000 } from './1764100000000-foundation';
import { EventsRegistrationsNotifications1764200000000 } from './1764200000000-events-registrations-notifications';
import { ReminderSync1764500000000 } from './1764500000000-reminder-sync';
import { ReminderTriggerColumns1764900000000 } from './1764900000000-reminder-trigger-columns';
import { NotificationRelayJob1765000000000 } from './1765000000000-notification-relay-job';
import { Console1766400000000 } from './1766400000000-console';
import { QuestionsAndMembers1766800000000 } from './1766800000000-questions-and-members';
import { JoinLinksAttendance1766900000000 } from './1766900000000-join-links-attendance';
import { Webhooks1767000000000 } from './1767000000000-webhooks';
import { MailSuppressions1767100000000 } from './1767100000000-mail-suppressions';
import { AuditLog1767100000001 } from './1767100000001-audit-log';
import { CohostingsThatEnd1767100000002 } from './1767100000002-cohostings-that-end';
import { RegistrantTable1767200000000 } from './1767200000000-registrant-table';
import { InvitationDeliveries1767300000000 } from './1767300000000-invitation-deliveries';
import { Announcements1767400000000 } from './1767400000000-announcements';
import { NotificationResends1767500000000 } from './1767500000000-notification-resends';
import { PartnerNotices1767700000000 } from './1767700000000-partner-notices';
import { ConsoleSecretReveals1767700000001 } from './1767700000001-console-secret-reveals';
import { PageStamp1767900000000 } from './1767900000000-page-stamp';
import { NotificationsFillfactor1768000000000 } from './1768000000000-notifications-fillfactor';

/** Applied in this order; listed explicitly so ts-node, dist and jest load the same classes. */
export const MIGRATIONS = [
  Foundation1764100000000,
  EventsRegistrationsNotifications1764200000000,
  ReminderSync1764500000000,
  ReminderTriggerColumns1764900000000,
  NotificationRelayJob1765000000000,
  Console1766400000000,
  QuestionsAndMembers1766800000000,
  JoinLinksAttendance1766900000000,
  Webhooks1767000000000,
  MailSuppressions1767100000000,
  AuditLog1767100000001,
  CohostingsThatEnd1767100000002,
  RegistrantTable1767200000000,
  InvitationDeliveries1767300000000,
  Announcements1767400000000,
  NotificationResends1767500000000,
  PartnerNotices1767700000000,
  ConsoleSecretReveals1767700000001,
  PageStamp1767900000000,
  NotificationsFillfactor1768000000000,
];
