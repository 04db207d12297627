import { Module } from '@nestjs/common';
import { AnnouncementsModule } from '../../announcements/announcements.module';
import { AttendanceModule } from '../../attendance/attendance.module';
import { EventsModule } from '../../events/events.module';
import { NumbersModule } from '../../numbers/numbers.module';
import { InvitationsModule } from '../../invitations/invitations.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { PartnersModule } from '../../partners/partners.module';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { WebhooksModule } from '../../webhooks/webhooks.module';
import { ConsoleCoreModule } from '../console-core.module';
import { ConsoleNumbersService } from '../numbers/console-numbers.service';
import { CohostPickerService } from './cohost-picker.service';
import { OrganizerActions } from './organizer-actions';
import { OrganizerAnnouncementsController } from './organizer-announcements.controller';
import { OrganizerAttendanceController } from './organizer-attendance.controller';
import { OrganizerCohostsController } from './organizer-cohosts.controller';
import { OrganizerDeliveriesController } from './organizer-deliveries.controller';
import { OrganizerDashboardService } from './organizer-dashboard.service';
import { OrganizerEventsController } from './organizer-events.controller';
import { OrganizerEventsService } from './organizer-events.service';
import { OrganizerInvitationsController } from './organizer-invitations.controller';
import { OrganizerPagesService } from './organizer-pages.service';
import { OrganizerRegistrantsController } from './registrants/organizer-registrants.controller';
import { OrganizerQuestionsController } from './organizer-questions.controller';
import { OrganizerWebhooksController } from './organizer-webhooks.controller';
import { WebhookSecretReveals } from './webhook-secret-reveals';

/**
 * The organizer pages (dashboard, webinars, co-hosts) under
 * `/console/events`, and the partner's webhooks under `/console/webhooks`, on the events module's services and access matrix.
 * See docs/console.md.
 */
@Module({
  imports: [
    ConsoleCoreModule,
    EventsModule,
    PartnersModule,
    RegistrationsModule,
    AttendanceModule,
    NumbersModule,
    AnnouncementsModule,
    InvitationsModule,
    NotificationsModule,
    WebhooksModule,
  ],
  controllers: [
    OrganizerEventsController,
    OrganizerCohostsController,
    OrganizerAttendanceController,
    OrganizerAnnouncementsController,
    OrganizerInvitationsController,
    OrganizerRegistrantsController,
    OrganizerDeliveriesController,
    OrganizerQuestionsController,
    OrganizerWebhooksController,
  ],
  providers: [
    OrganizerActions,
    OrganizerDashboardService,
    CohostPickerService,
    OrganizerEventsService,
    OrganizerPagesService,
    ConsoleNumbersService,
    WebhookSecretReveals,
  ],
})
export class OrganizerConsoleModule {}
