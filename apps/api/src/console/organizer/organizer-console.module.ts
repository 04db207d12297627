import { Module } from '@nestjs/common';
import { AttendanceModule } from '../../attendance/attendance.module';
import { EventsModule } from '../../events/events.module';
import { PartnersModule } from '../../partners/partners.module';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { WebhooksModule } from '../../webhooks/webhooks.module';
import { ConsoleCoreModule } from '../console-core.module';
import { CohostPickerService } from './cohost-picker.service';
import { OrganizerActions } from './organizer-actions';
import { OrganizerAttendanceController } from './organizer-attendance.controller';
import { OrganizerCohostsController } from './organizer-cohosts.controller';
import { OrganizerDashboardService } from './organizer-dashboard.service';
import { OrganizerEventsController } from './organizer-events.controller';
import { OrganizerEventsService } from './organizer-events.service';
import { OrganizerPagesService } from './organizer-pages.service';
import { OrganizerWebhooksController } from './organizer-webhooks.controller';
import { WebhookSecretReveals } from './webhook-secret-reveals';

/**
 * The organizer pages (dashboard, webinars, co-hosts) under
 * `/console/events`, and the partner's webhooks under `/console/webhooks`, on the events module's services and access matrix.
 * See docs/console.md.
 */
@Module({
  imports: [ConsoleCoreModule, EventsModule, PartnersModule, RegistrationsModule, AttendanceModule, WebhooksModule],
  controllers: [
    OrganizerEventsController,
    OrganizerCohostsController,
    OrganizerAttendanceController,
    OrganizerWebhooksController,
  ],
  providers: [
    OrganizerActions,
    OrganizerDashboardService,
    CohostPickerService,
    OrganizerEventsService,
    OrganizerPagesService,
    WebhookSecretReveals,
  ],
})
export class OrganizerConsoleModule {}
