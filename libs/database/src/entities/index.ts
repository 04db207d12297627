import { AgreementEntity } from './agreement.entity';
import { ApiTokenEntity } from './api-token.entity';
import { CancelTokenEntity } from './cancel-token.entity';
import { ConsoleSessionEntity } from './console-session.entity';
import { ConsoleSignInEntity } from './console-sign-in.entity';
import { EventCohostEntity } from './event-cohost.entity';
import { EventEntity } from './event.entity';
import { EventReminderSyncEntity } from './event-reminder-sync.entity';
import { HubAdminEntity } from './hub-admin.entity';
import { InvitationEntity } from './invitation.entity';
import { NotificationEntity } from './notification.entity';
import { OrganizerEntity } from './organizer.entity';
import { PartnerEntity } from './partner.entity';
import { RegistrationEntity } from './registration.entity';

export * from './agreement.entity';
export * from './api-token.entity';
export * from './cancel-token.entity';
export * from './console-session.entity';
export * from './console-sign-in.entity';
export * from './event-cohost.entity';
export * from './event.entity';
export * from './event-reminder-sync.entity';
export * from './hub-admin.entity';
export * from './invitation.entity';
export * from './notification.entity';
export * from './organizer.entity';
export * from './partner.entity';
export * from './registration.entity';

/** Every entity, listed explicitly so the same list serves the app, the CLI and jest. */
export const ENTITIES = [
  PartnerEntity,
  AgreementEntity,
  OrganizerEntity,
  ApiTokenEntity,
  EventEntity,
  EventCohostEntity,
  RegistrationEntity,
  CancelTokenEntity,
  InvitationEntity,
  NotificationEntity,
  EventReminderSyncEntity,
  // The console (sign-in links, sessions, hub admins).
  HubAdminEntity,
  ConsoleSignInEntity,
  ConsoleSessionEntity,
];
