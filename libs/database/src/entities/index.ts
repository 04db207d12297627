import { AgreementEntity } from './agreement.entity';
import { ApiTokenEntity } from './api-token.entity';
import { CancelTokenEntity } from './cancel-token.entity';
import { EventCohostEntity } from './event-cohost.entity';
import { EventEntity } from './event.entity';
import { EventReminderSyncEntity } from './event-reminder-sync.entity';
import { InvitationEntity } from './invitation.entity';
import { JoinTokenEntity } from './join-token.entity';
import { NotificationEntity } from './notification.entity';
import { OrganizerEntity } from './organizer.entity';
import { PartnerEntity } from './partner.entity';
import { RegistrationEntity } from './registration.entity';

export * from './agreement.entity';
export * from './api-token.entity';
export * from './cancel-token.entity';
export * from './event-cohost.entity';
export * from './event.entity';
export * from './event-reminder-sync.entity';
export * from './invitation.entity';
export * from './join-token.entity';
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
  JoinTokenEntity,
  InvitationEntity,
  NotificationEntity,
  EventReminderSyncEntity,
];
